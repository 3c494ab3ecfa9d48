package lodestar.recognition;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.KUDOS;
import static lodestar.db.schema.Tables.KUDOS_REACTION;
import static lodestar.db.schema.Tables.KUDOS_RECIPIENT;
import static lodestar.db.schema.Tables.KUDOS_VALUE;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lodestar.db.Weeks;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The SQL of recognition's figures over periods (the digest's and the dashboard's): counts of kudos, givers,
 * recipients and values, never the rows themselves but for the spotlight. Runs in the caller's transaction.
 */
final class RecognitionFigures {
    private final DSLContext dsl;

    RecognitionFigures(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Kudos that still count, given in [from, to). */
    static Condition givenIn(String teamId, Instant from, Instant to) {
        return KUDOS.TEAM_ID
                .eq(teamId)
                .and(KUDOS.GIVEN_AT.ge(utc(from)))
                .and(KUDOS.GIVEN_AT.lt(utc(to)))
                .and(KUDOS.WITHDRAWN_AT.isNull());
    }

    /** The values named in kudos that still count, given in [from, to): see {@link #childGivenIn}. */
    static Condition valuesGivenIn(String teamId, Instant from, Instant to) {
        return childGivenIn(KUDOS_VALUE.TEAM_ID, KUDOS_VALUE.GIVEN_AT, KUDOS_VALUE.KUDOS_ID, teamId, from, to);
    }

    /** The recipients of kudos that still count, given in [from, to): see {@link #childGivenIn}. */
    static Condition recipientsGivenIn(String teamId, Instant from, Instant to) {
        return childGivenIn(
                KUDOS_RECIPIENT.TEAM_ID, KUDOS_RECIPIENT.GIVEN_AT, KUDOS_RECIPIENT.KUDOS_ID, teamId, from, to);
    }

    /**
     * Rows of a kudos' recipients or values, found by their own copy of its given_at (their period index) rather than
     * through the kudos; the period's withdrawn kudos, few, are left out through theirs.
     */
    private static Condition childGivenIn(
            Field<String> team,
            Field<OffsetDateTime> givenAt,
            Field<Long> kudosId,
            String teamId,
            Instant from,
            Instant to) {
        var withdrawn = DSL.selectOne()
                .from(KUDOS)
                .where(KUDOS.ID.eq(kudosId))
                .and(KUDOS.TEAM_ID.eq(teamId))
                .and(KUDOS.GIVEN_AT.ge(utc(from)))
                .and(KUDOS.GIVEN_AT.lt(utc(to)))
                .and(KUDOS.WITHDRAWN_AT.isNotNull());
        return team.eq(teamId)
                .and(givenAt.ge(utc(from)))
                .and(givenAt.lt(utc(to)))
                .andNotExists(withdrawn);
    }

    /**
     * {@code person} is one of {@code people}: an uncorrelated subquery, which PostgreSQL hashes once, so that a list
     * of all the workspace's members costs one lookup per row whatever the plan.
     */
    private static Condition among(Field<String> person, Collection<String> people) {
        return DSL.condition("{0} in (select unnest({1}))", person, DSL.val(people.toArray(String[]::new)));
    }

    /** Per 7-day period before {@code end}: kudos, active givers, leaders who gave, kudos answering quotes. */
    List<RecognitionStats.Week> weeks(
            String teamId, Instant end, int weeks, Collection<String> leaders, Collection<String> activeMembers) {
        var period = new Weeks(end, weeks);
        // Per period and giver first, so that each giver is checked against the active members once per period.
        var perGiver = dsl.select(
                        period.bin(KUDOS.GIVEN_AT).as("week"),
                        KUDOS.GIVER_ID,
                        DSL.count().as("kudos"),
                        DSL.count().filterWhere(KUDOS.QUOTE_ID.isNotNull()).as("answering"))
                .from(KUDOS)
                .where(givenIn(teamId, period.from(), end))
                .groupBy(DSL.inline(1), DSL.inline(2))
                .asTable("per_giver");
        var start = perGiver.field("week", OffsetDateTime.class);
        var giver = perGiver.field(KUDOS.GIVER_ID);
        Map<Instant, RecognitionStats.Week> found = new HashMap<>();
        dsl.select(
                        start,
                        DSL.sum(perGiver.field("kudos", Integer.class)).cast(Integer.class),
                        DSL.count().filterWhere(among(giver, activeMembers)),
                        DSL.count().filterWhere(giver.in(leaders)),
                        DSL.sum(perGiver.field("answering", Integer.class)).cast(Integer.class))
                .from(perGiver)
                .groupBy(start)
                .forEach(r -> {
                    var at = r.value1().toInstant();
                    found.put(
                            at,
                            new RecognitionStats.Week(
                                    at, at.plus(Weeks.LENGTH), r.value2(), r.value3(), r.value4(), r.value5()));
                });
        return period.starts().stream()
                .map(at -> found.getOrDefault(at, new RecognitionStats.Week(at, at.plus(Weeks.LENGTH), 0, 0, 0, 0)))
                .toList();
    }

    /** Per 7-day period before {@code end}: active recipients, leaders' kudos, those reaching beyond the leaders. */
    List<RecognitionStats.Reach> reach(
            String teamId, Instant end, int weeks, Collection<String> leaders, Collection<String> activeMembers) {
        var period = new Weeks(end, weeks);
        Map<Instant, Integer> recipients = new HashMap<>();
        // Per period and recipient first, so that each recipient is checked against the active members once per period.
        var perRecipient = dsl.selectDistinct(
                        period.bin(KUDOS_RECIPIENT.GIVEN_AT).as("week"), KUDOS_RECIPIENT.USER_ID)
                .from(KUDOS_RECIPIENT)
                .where(recipientsGivenIn(teamId, period.from(), end))
                .asTable("per_recipient");
        var week = perRecipient.field("week", OffsetDateTime.class);
        dsl.select(week, DSL.count().filterWhere(among(perRecipient.field(KUDOS_RECIPIENT.USER_ID), activeMembers)))
                .from(perRecipient)
                .groupBy(week)
                .forEach(r -> recipients.put(r.value1().toInstant(), r.value2()));
        Map<Instant, int[]> byLeaders = new HashMap<>();
        var outside = DSL.exists(DSL.selectOne()
                .from(KUDOS_RECIPIENT)
                .where(KUDOS_RECIPIENT.KUDOS_ID.eq(KUDOS.ID), KUDOS_RECIPIENT.USER_ID.notIn(leaders)));
        if (!leaders.isEmpty()) {
            dsl.select(period.bin(KUDOS.GIVEN_AT), DSL.count(), DSL.count().filterWhere(outside))
                    .from(KUDOS)
                    .where(givenIn(teamId, period.from(), end).and(KUDOS.GIVER_ID.in(leaders)))
                    .groupBy(DSL.inline(1))
                    .forEach(r -> byLeaders.put(r.value1().toInstant(), new int[] {r.value2(), r.value3()}));
        }
        return period.starts().stream()
                .map(at -> {
                    int[] leaderKudos = byLeaders.getOrDefault(at, new int[] {0, 0});
                    return new RecognitionStats.Reach(
                            at, at.plus(Weeks.LENGTH), recipients.getOrDefault(at, 0), leaderKudos[0], leaderKudos[1]);
                })
                .toList();
    }

    /** The values used in [from, to), most-used first, and every value used from {@code monthStart} to {@code to}. */
    record ValueUse(List<Count> topValues, Set<String> usedSinceMonthStart) {}

    ValueUse valueUse(String teamId, Instant from, Instant to, Instant monthStart) {
        var since = from.isBefore(monthStart) ? from : monthStart;
        var inPeriod = DSL.count().filterWhere(KUDOS_VALUE.GIVEN_AT.ge(utc(from)));
        var inMonth = DSL.count().filterWhere(KUDOS_VALUE.GIVEN_AT.ge(utc(monthStart)));
        List<Count> top = new ArrayList<>();
        Set<String> used = new HashSet<>();
        dsl.select(KUDOS_VALUE.VALUE_NAME, inPeriod, inMonth)
                .from(KUDOS_VALUE)
                .where(valuesGivenIn(teamId, since, to))
                .groupBy(KUDOS_VALUE.VALUE_NAME)
                .orderBy(inPeriod.desc(), KUDOS_VALUE.VALUE_NAME)
                .forEach(r -> {
                    if (r.value2() > 0) {
                        top.add(new Count(r.value1(), r.value2()));
                    }
                    if (r.value3() > 0) {
                        used.add(r.value1());
                    }
                });
        return new ValueUse(top, used);
    }

    /**
     * The kudos with most reactions, those with a customer impact first: those are looked at on their own (by their
     * own index), the others only when there are fewer than {@code limit} of them.
     */
    List<Kudos> spotlight(String teamId, Instant from, Instant to, int limit) {
        var given = givenIn(teamId, from, to);
        var withImpact = mostReactions(given.and(KUDOS.CUSTOMER_IMPACT.isNotNull()), limit);
        if (withImpact.size() == limit) {
            return withImpact;
        }
        List<Kudos> spotlight = new ArrayList<>(withImpact);
        spotlight.addAll(mostReactions(given.and(KUDOS.CUSTOMER_IMPACT.isNull()), limit - withImpact.size()));
        return spotlight;
    }

    private List<Kudos> mostReactions(Condition kudos, int limit) {
        var reactions = DSL.field(DSL.selectCount().from(KUDOS_REACTION).where(KUDOS_REACTION.KUDOS_ID.eq(KUDOS.ID)));
        return dsl.select(RecognitionRepository.COLUMNS)
                .from(KUDOS)
                .where(kudos)
                .orderBy(reactions.desc(), KUDOS.GIVEN_AT.desc())
                .limit(limit)
                .fetch(RecognitionRepository::toKudos);
    }

    /** Per giver among {@code people}: kudos given and distinct people recognised in the period. */
    Map<String, RecognitionStats.Own> ownFigures(String teamId, Instant from, Instant to, Collection<String> people) {
        var given = DSL.countDistinct(KUDOS.ID);
        var recognised = DSL.countDistinct(KUDOS_RECIPIENT.USER_ID);
        var figures = new HashMap<String, RecognitionStats.Own>();
        dsl.select(KUDOS.GIVER_ID, given, recognised)
                .from(KUDOS)
                .join(KUDOS_RECIPIENT)
                .on(KUDOS_RECIPIENT.KUDOS_ID.eq(KUDOS.ID))
                .where(givenIn(teamId, from, to).and(KUDOS.GIVER_ID.in(people)))
                .groupBy(KUDOS.GIVER_ID)
                .forEach(r -> figures.put(r.value1(), new RecognitionStats.Own(r.value2(), r.value3())));
        return figures;
    }
}
