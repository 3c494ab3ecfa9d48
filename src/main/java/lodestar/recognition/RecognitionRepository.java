package lodestar.recognition;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.KUDOS;
import static lodestar.db.schema.Tables.KUDOS_REACTION;
import static lodestar.db.schema.Tables.KUDOS_RECIPIENT;
import static lodestar.db.schema.Tables.KUDOS_VALUE;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
    /** A kudos whole, for {@link #toKudos}. */
    static final SelectField<?>[] COLUMNS = {
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

    static Kudos toKudos(Record r) {
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
