package lodestar.recognition;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.KUDOS;
import static lodestar.db.schema.Tables.KUDOS_REACTION;
import static lodestar.db.schema.Tables.KUDOS_RECIPIENT;
import static lodestar.db.schema.Tables.KUDOS_VALUE;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lodestar.db.Weeks;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;

/** The kudos tables. Runs in the caller's transaction. */
final class RecognitionRepository {
    private static final Field<String[]> RECIPIENTS = DSL.array(DSL.select(KUDOS_RECIPIENT.USER_ID)
            .from(KUDOS_RECIPIENT)
            .where(KUDOS_RECIPIENT.KUDOS_ID.eq(KUDOS.ID))
            .orderBy(KUDOS_RECIPIENT.USER_ID));
    private static final Field<String[]> VALUES = DSL.array(DSL.select(KUDOS_VALUE.VALUE_NAME)
            .from(KUDOS_VALUE)
            .where(KUDOS_VALUE.KUDOS_ID.eq(KUDOS.ID))
            .orderBy(KUDOS_VALUE.VALUE_NAME));
    private static final SelectField<?>[] COLUMNS = {
        KUDOS.ID,
        KUDOS.TEAM_ID,
        KUDOS.GIVER_ID,
        RECIPIENTS,
        VALUES,
        KUDOS.REASON,
        KUDOS.CUSTOMER_IMPACT,
        KUDOS.MESSAGE_LINK,
        KUDOS.GIVEN_AT,
        KUDOS.BY_LEADER,
        KUDOS.POST_CHANNEL_ID,
        KUDOS.POST_TS,
        KUDOS.WITHDRAWAL,
        KUDOS.QUOTE_ID,
        KUDOS.QUOTE_TEXT
    };

    private final DSLContext dsl;

    RecognitionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Serialises gives by one giver until the transaction ends, so that the allowance holds under races. */
    void lockGiver(String teamId, String giverId) {
        dsl.select(DSL.function(
                        "pg_advisory_xact_lock",
                        Object.class,
                        DSL.function("hashtextextended", Long.class, DSL.val(teamId + ":" + giverId), DSL.val(0L))))
                .fetch();
    }

    Optional<Kudos> find(String teamId, long id) {
        return select(KUDOS.TEAM_ID.eq(teamId).and(KUDOS.ID.eq(id))).stream().findFirst();
    }

    /** The kudos a give with this key recorded, if any: nearly always none, so only its id is asked for first. */
    Optional<Kudos> findByKey(String teamId, String idempotencyKey) {
        return dsl.select(KUDOS.ID)
                .from(KUDOS)
                .where(KUDOS.TEAM_ID.eq(teamId), KUDOS.IDEMPOTENCY_KEY.eq(idempotencyKey))
                .fetchOptional(KUDOS.ID)
                .flatMap(id -> find(teamId, id));
    }

    Optional<Long> findByPost(String teamId, String channelId, String ts) {
        return dsl.select(KUDOS.ID)
                .from(KUDOS)
                .where(KUDOS.TEAM_ID.eq(teamId), KUDOS.POST_CHANNEL_ID.eq(channelId), KUDOS.POST_TS.eq(ts))
                .fetchOptional(KUDOS.ID);
    }

    /** Recipients counted in gives by the giver since {@code since} that still count. */
    int recipientsGivenSince(String teamId, String giverId, Instant since) {
        return dsl.selectCount()
                .from(KUDOS_RECIPIENT)
                .join(KUDOS)
                .on(KUDOS.ID.eq(KUDOS_RECIPIENT.KUDOS_ID))
                .where(KUDOS.TEAM_ID.eq(teamId), KUDOS.GIVER_ID.eq(giverId), counting(since))
                .fetchSingle(0, int.class);
    }

    long insert(Kudos kudos, String idempotencyKey) {
        long id = dsl.insertInto(KUDOS)
                .set(KUDOS.TEAM_ID, kudos.teamId())
                .set(KUDOS.GIVER_ID, kudos.giverId())
                .set(KUDOS.BY_LEADER, kudos.byLeader())
                .set(KUDOS.REASON, kudos.reason())
                .set(KUDOS.CUSTOMER_IMPACT, kudos.customerImpact().orElse(null))
                .set(KUDOS.MESSAGE_LINK, kudos.link().orElse(null))
                .set(KUDOS.IDEMPOTENCY_KEY, idempotencyKey)
                .set(KUDOS.GIVEN_AT, utc(kudos.givenAt()))
                .set(KUDOS.POST_CHANNEL_ID, kudos.postChannelId())
                .set(KUDOS.QUOTE_ID, kudos.quote().map(AttachedQuote::id).orElse(null))
                .set(KUDOS.QUOTE_TEXT, kudos.quote().map(AttachedQuote::text).orElse(null))
                .returning(KUDOS.ID)
                .fetchSingle(KUDOS.ID);
        var recipients = dsl.insertInto(
                KUDOS_RECIPIENT,
                KUDOS_RECIPIENT.KUDOS_ID,
                KUDOS_RECIPIENT.TEAM_ID,
                KUDOS_RECIPIENT.USER_ID,
                KUDOS_RECIPIENT.GIVEN_AT);
        for (String recipient : kudos.recipients()) {
            recipients = recipients.values(id, kudos.teamId(), recipient, utc(kudos.givenAt()));
        }
        recipients.execute();
        if (!kudos.values().isEmpty()) {
            var values = dsl.insertInto(
                    KUDOS_VALUE,
                    KUDOS_VALUE.KUDOS_ID,
                    KUDOS_VALUE.TEAM_ID,
                    KUDOS_VALUE.VALUE_NAME,
                    KUDOS_VALUE.GIVEN_AT);
            for (String value : kudos.values()) {
                values = values.values(id, kudos.teamId(), value, utc(kudos.givenAt()));
            }
            values.execute();
        }
        return id;
    }

    void setPost(long id, String ts) {
        dsl.update(KUDOS).set(KUDOS.POST_TS, ts).where(KUDOS.ID.eq(id)).execute();
    }

    /** Withdraws a kudos that still counts; false when it had been withdrawn already. */
    boolean withdraw(long id, String byUserId, Kudos.Withdrawal kind, Instant at) {
        return dsl.update(KUDOS)
                        .set(KUDOS.WITHDRAWN_AT, utc(at))
                        .set(KUDOS.WITHDRAWN_BY, byUserId)
                        .set(KUDOS.WITHDRAWAL, kind.name().toLowerCase(Locale.ROOT))
                        .where(KUDOS.ID.eq(id), KUDOS.WITHDRAWN_AT.isNull())
                        .execute()
                == 1;
    }

    void addReaction(long kudosId, String userId, String reaction) {
        dsl.insertInto(
                        KUDOS_REACTION,
                        KUDOS_REACTION.KUDOS_ID,
                        KUDOS_REACTION.TEAM_ID,
                        KUDOS_REACTION.USER_ID,
                        KUDOS_REACTION.REACTION)
                .values(
                        DSL.val(kudosId),
                        DSL.field(DSL.select(KUDOS.TEAM_ID).from(KUDOS).where(KUDOS.ID.eq(kudosId))),
                        DSL.val(userId),
                        DSL.val(reaction))
                .onConflictDoNothing()
                .execute();
    }

    void removeReaction(long kudosId, String userId, String reaction) {
        dsl.deleteFrom(KUDOS_REACTION)
                .where(
                        KUDOS_REACTION.KUDOS_ID.eq(kudosId),
                        KUDOS_REACTION.USER_ID.eq(userId),
                        KUDOS_REACTION.REACTION.eq(reaction))
                .execute();
    }

    int reactions(long kudosId) {
        return dsl.fetchCount(KUDOS_REACTION, KUDOS_REACTION.KUDOS_ID.eq(kudosId));
    }

    /** Gives that still count and in which the user is a recipient, since {@code since}. */
    int receivedSince(String teamId, String userId, Instant since) {
        return dsl.select(DSL.countDistinct(KUDOS.ID))
                .from(KUDOS)
                .join(KUDOS_RECIPIENT)
                .on(KUDOS_RECIPIENT.KUDOS_ID.eq(KUDOS.ID))
                .where(KUDOS.TEAM_ID.eq(teamId), KUDOS_RECIPIENT.USER_ID.eq(userId), counting(since))
                .fetchSingle(0, int.class);
    }

    int givenSince(String teamId, String userId, Instant since) {
        return dsl.fetchCount(
                KUDOS, KUDOS.TEAM_ID.eq(teamId).and(KUDOS.GIVER_ID.eq(userId)).and(counting(since)));
    }

    List<Count> valuesReceivedSince(String teamId, String userId, Instant since) {
        return valueCounts(KUDOS.TEAM_ID
                .eq(teamId)
                .and(counting(since))
                .andExists(DSL.selectOne()
                        .from(KUDOS_RECIPIENT)
                        .where(KUDOS_RECIPIENT.KUDOS_ID.eq(KUDOS.ID), KUDOS_RECIPIENT.USER_ID.eq(userId))));
    }

    List<Count> valuesGivenSince(String teamId, String userId, Instant since) {
        return valueCounts(
                KUDOS.TEAM_ID.eq(teamId).and(KUDOS.GIVER_ID.eq(userId)).and(counting(since)));
    }

    List<Count> topValues(String teamId, Instant since, int limit) {
        return valueCounts(KUDOS.TEAM_ID.eq(teamId).and(counting(since))).stream()
                .limit(limit)
                .toList();
    }

    List<Count> topRecipients(String teamId, Instant since, int limit) {
        var count = DSL.count();
        return dsl.select(KUDOS_RECIPIENT.USER_ID, count)
                .from(KUDOS_RECIPIENT)
                .join(KUDOS)
                .on(KUDOS.ID.eq(KUDOS_RECIPIENT.KUDOS_ID))
                .where(KUDOS.TEAM_ID.eq(teamId), counting(since))
                .groupBy(KUDOS_RECIPIENT.USER_ID)
                .orderBy(count.desc(), KUDOS_RECIPIENT.USER_ID)
                .limit(limit)
                .fetch(r -> new Count(r.value1(), r.value2()));
    }

    List<Kudos> recentReceived(String teamId, String userId, int limit) {
        return dsl.select(COLUMNS)
                .from(KUDOS)
                .where(KUDOS.TEAM_ID.eq(teamId), KUDOS.WITHDRAWN_AT.isNull())
                .andExists(DSL.selectOne()
                        .from(KUDOS_RECIPIENT)
                        .where(KUDOS_RECIPIENT.KUDOS_ID.eq(KUDOS.ID), KUDOS_RECIPIENT.USER_ID.eq(userId)))
                .orderBy(KUDOS.GIVEN_AT.desc(), KUDOS.ID.desc())
                .limit(limit)
                .fetch(RecognitionRepository::toKudos);
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
        return dsl.select(COLUMNS)
                .from(KUDOS)
                .where(kudos)
                .orderBy(reactions.desc(), KUDOS.GIVEN_AT.desc())
                .limit(limit)
                .fetch(RecognitionRepository::toKudos);
    }

    /** Per giver among {@code people}: kudos given and distinct people recognised in the period. */
    java.util.Map<String, RecognitionStats.Own> ownFigures(
            String teamId, Instant from, Instant to, java.util.Collection<String> people) {
        var given = DSL.countDistinct(KUDOS.ID);
        var recognised = DSL.countDistinct(KUDOS_RECIPIENT.USER_ID);
        var figures = new java.util.HashMap<String, RecognitionStats.Own>();
        dsl.select(KUDOS.GIVER_ID, given, recognised)
                .from(KUDOS)
                .join(KUDOS_RECIPIENT)
                .on(KUDOS_RECIPIENT.KUDOS_ID.eq(KUDOS.ID))
                .where(givenIn(teamId, from, to).and(KUDOS.GIVER_ID.in(people)))
                .groupBy(KUDOS.GIVER_ID)
                .forEach(r -> figures.put(r.value1(), new RecognitionStats.Own(r.value2(), r.value3())));
        return figures;
    }

    private List<Count> valueCounts(Condition kudos) {
        var count = DSL.count();
        return dsl.select(KUDOS_VALUE.VALUE_NAME, count)
                .from(KUDOS_VALUE)
                .join(KUDOS)
                .on(KUDOS.ID.eq(KUDOS_VALUE.KUDOS_ID))
                .where(kudos)
                .groupBy(KUDOS_VALUE.VALUE_NAME)
                .orderBy(count.desc(), KUDOS_VALUE.VALUE_NAME)
                .fetch(r -> new Count(r.value1(), r.value2()));
    }

    private List<Kudos> select(Condition condition) {
        return dsl.select(COLUMNS).from(KUDOS).where(condition).fetch(RecognitionRepository::toKudos);
    }

    private static Condition counting(Instant since) {
        return KUDOS.WITHDRAWN_AT.isNull().and(KUDOS.GIVEN_AT.ge(utc(since)));
    }

    private static Kudos toKudos(Record r) {
        String withdrawal = r.get(KUDOS.WITHDRAWAL);
        return new Kudos(
                r.get(KUDOS.ID),
                r.get(KUDOS.TEAM_ID),
                r.get(KUDOS.GIVER_ID),
                Arrays.asList(r.get(RECIPIENTS)),
                Arrays.asList(r.get(VALUES)),
                r.get(KUDOS.REASON),
                Optional.ofNullable(r.get(KUDOS.CUSTOMER_IMPACT)),
                Optional.ofNullable(r.get(KUDOS.MESSAGE_LINK)),
                r.get(KUDOS.GIVEN_AT).toInstant(),
                r.get(KUDOS.BY_LEADER),
                r.get(KUDOS.POST_CHANNEL_ID),
                Optional.ofNullable(r.get(KUDOS.POST_TS)),
                Optional.ofNullable(withdrawal).map(w -> Kudos.Withdrawal.valueOf(w.toUpperCase(Locale.ROOT))),
                Optional.ofNullable(r.get(KUDOS.QUOTE_ID)).map(id -> new AttachedQuote(id, r.get(KUDOS.QUOTE_TEXT))));
    }
}
