package lodestar.recognition;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.KUDOS;
import static lodestar.db.schema.Tables.KUDOS_REACTION;
import static lodestar.db.schema.Tables.KUDOS_RECIPIENT;
import static lodestar.db.schema.Tables.KUDOS_VALUE;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lodestar.db.Commits;
import lodestar.db.Prepared;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** The kudos tables. Runs in the caller's transaction. */
final class RecognitionRepository {
    /**
     * A kudos' recipients and values are read in the order of their code points, whatever the database's collation,
     * so that a kudos just recorded, ordered in Java ({@link Kudos#recorded}), reads as it will be read back.
     */
    private static final String BYTES = "C";

    private static final Field<String[]> RECIPIENTS = DSL.array(DSL.select(KUDOS_RECIPIENT.USER_ID)
            .from(KUDOS_RECIPIENT)
            .where(KUDOS_RECIPIENT.KUDOS_ID.eq(KUDOS.ID))
            .orderBy(KUDOS_RECIPIENT.USER_ID.collate(BYTES)));
    private static final Field<String[]> VALUES = DSL.array(DSL.select(KUDOS_VALUE.VALUE_NAME)
            .from(KUDOS_VALUE)
            .where(KUDOS_VALUE.KUDOS_ID.eq(KUDOS.ID))
            .orderBy(KUDOS_VALUE.VALUE_NAME.collate(BYTES)));
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

    /*
     * Every give's statements, rendered once (Prepared): the giver's lock, the allowance's count, the kudos itself (on
     * conflict of its key: a retry's look-up by key follows only then).
     */
    private static final Prepared LOCK_GIVER = Prepared.of(DSL.select(giversLock()), "giver");
    /** The same, for a give the inbox redoes if it is lost: its commit does not wait for the disk ({@link Commits}). */
    private static final Prepared LOCK_GIVER_REDONE_IF_LOST =
            Prepared.of(DSL.select(giversLock()).where(Commits.withoutWaitingForTheDisk()), "giver");

    private static final Prepared FIND_BY_KEY = Prepared.of(
            DSL.select(KUDOS.ID)
                    .from(KUDOS)
                    .where(
                            KUDOS.TEAM_ID.eq(DSL.param("team", String.class)),
                            KUDOS.IDEMPOTENCY_KEY.eq(DSL.param("key", String.class))),
            "team",
            "key");
    private static final Prepared RECIPIENTS_GIVEN_SINCE = Prepared.of(
            DSL.selectCount()
                    .from(KUDOS_RECIPIENT)
                    .join(KUDOS)
                    .on(KUDOS.ID.eq(KUDOS_RECIPIENT.KUDOS_ID))
                    .where(
                            KUDOS.TEAM_ID.eq(DSL.param("team", String.class)),
                            KUDOS.GIVER_ID.eq(DSL.param("giver", String.class)),
                            counting(DSL.param("since", OffsetDateTime.class))),
            "team",
            "giver",
            "since");
    private static final Prepared INSERT = Prepared.of(
            DSL.insertInto(KUDOS)
                    .set(KUDOS.TEAM_ID, DSL.param("team", String.class))
                    .set(KUDOS.GIVER_ID, DSL.param("giver", String.class))
                    .set(KUDOS.BY_LEADER, DSL.param("byLeader", Boolean.class))
                    .set(KUDOS.REASON, DSL.param("reason", String.class))
                    .set(KUDOS.CUSTOMER_IMPACT, DSL.param("customerImpact", String.class))
                    .set(KUDOS.MESSAGE_LINK, DSL.param("link", String.class))
                    .set(KUDOS.IDEMPOTENCY_KEY, DSL.param("key", String.class))
                    .set(KUDOS.GIVEN_AT, DSL.param("givenAt", OffsetDateTime.class))
                    .set(KUDOS.POST_CHANNEL_ID, DSL.param("postChannel", String.class))
                    .set(KUDOS.QUOTE_ID, DSL.param("quoteId", Long.class))
                    .set(KUDOS.QUOTE_TEXT, DSL.param("quoteText", String.class))
                    .onConflict(KUDOS.TEAM_ID, KUDOS.IDEMPOTENCY_KEY)
                    .doNothing()
                    .returning(KUDOS.ID),
            "team",
            "giver",
            "byLeader",
            "reason",
            "customerImpact",
            "link",
            "key",
            "givenAt",
            "postChannel",
            "quoteId",
            "quoteText");

    /** A kudos' recipients, all in one statement whatever their number. */
    private static final Prepared INSERT_RECIPIENTS = insertEach(
            KUDOS_RECIPIENT,
            KUDOS_RECIPIENT.KUDOS_ID,
            KUDOS_RECIPIENT.TEAM_ID,
            KUDOS_RECIPIENT.GIVEN_AT,
            KUDOS_RECIPIENT.USER_ID);
    /** A kudos' values, likewise. */
    private static final Prepared INSERT_VALUES = insertEach(
            KUDOS_VALUE, KUDOS_VALUE.KUDOS_ID, KUDOS_VALUE.TEAM_ID, KUDOS_VALUE.GIVEN_AT, KUDOS_VALUE.VALUE_NAME);

    private final DSLContext dsl;

    RecognitionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Serialises gives by one giver until the transaction ends, so that the allowance holds under races; with
     * {@code redoneIfLost} (the give is recorded in the inbox, which does it again if it is lost), the transaction's
     * commit does not wait for the disk.
     */
    void lockGiver(String teamId, String giverId, boolean redoneIfLost) {
        (redoneIfLost ? LOCK_GIVER_REDONE_IF_LOST : LOCK_GIVER).execute(dsl, teamId + ":" + giverId);
    }

    private static Field<Object> giversLock() {
        return DSL.function(
                "pg_advisory_xact_lock",
                Object.class,
                DSL.function("hashtextextended", Long.class, DSL.param("giver", String.class), DSL.inline(0L)));
    }

    Optional<Kudos> find(String teamId, long id) {
        return select(KUDOS.TEAM_ID.eq(teamId).and(KUDOS.ID.eq(id))).stream().findFirst();
    }

    /** The kudos a give with this key recorded, if any (asked by a retry: its id first, then the kudos). */
    Optional<Kudos> findByKey(String teamId, String idempotencyKey) {
        return FIND_BY_KEY
                .fetchOptional(dsl, Long.class, teamId, idempotencyKey)
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
        return RECIPIENTS_GIVEN_SINCE
                .fetchOptional(dsl, Long.class, teamId, giverId, utc(since))
                .orElseThrow()
                .intValue();
    }

    /** Records the kudos, recipients and values; its id, or empty (nothing stored) when its key was recorded before. */
    Optional<Long> insert(Kudos kudos, String idempotencyKey) {
        var inserted = INSERT.fetchOptional(
                dsl,
                Long.class,
                kudos.teamId(),
                kudos.giverId(),
                kudos.byLeader(),
                kudos.reason(),
                kudos.customerImpact().orElse(null),
                kudos.link().orElse(null),
                idempotencyKey,
                utc(kudos.givenAt()),
                kudos.postChannelId(),
                kudos.quote().map(AttachedQuote::id).orElse(null),
                kudos.quote().map(AttachedQuote::text).orElse(null));
        if (inserted.isEmpty()) {
            return inserted;
        }
        long id = inserted.get();
        INSERT_RECIPIENTS.execute(
                dsl,
                id,
                kudos.teamId(),
                utc(kudos.givenAt()),
                kudos.recipients().toArray(String[]::new));
        if (!kudos.values().isEmpty()) {
            INSERT_VALUES.execute(
                    dsl,
                    id,
                    kudos.teamId(),
                    utc(kudos.givenAt()),
                    kudos.values().toArray(String[]::new));
        }
        return inserted;
    }

    /** A row of {@code table} for each element of an array, with the kudos' id, team and time ({@link Prepared}). */
    private static <R extends Record> Prepared insertEach(
            Table<R> table,
            Field<Long> kudosId,
            Field<String> teamId,
            Field<OffsetDateTime> givenAt,
            Field<String> element) {
        return Prepared.of(
                DSL.insertInto(table, kudosId, teamId, givenAt, element)
                        .select(DSL.select(
                                        DSL.param("id", Long.class),
                                        DSL.param("team", String.class),
                                        DSL.param("givenAt", OffsetDateTime.class),
                                        DSL.field(DSL.name("element"), String.class))
                                .from(DSL.unnest(DSL.param("elements", String[].class))
                                        .as("each", "element"))),
                "id",
                "team",
                "givenAt",
                "elements");
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

    private List<Kudos> select(Condition condition) {
        return dsl.select(COLUMNS).from(KUDOS).where(condition).fetch(RecognitionRepository::toKudos);
    }

    /** Kudos that still count, given since {@code since}. */
    static Condition counting(Instant since) {
        return counting(DSL.val(utc(since)));
    }

    private static Condition counting(Field<OffsetDateTime> since) {
        return KUDOS.WITHDRAWN_AT.isNull().and(KUDOS.GIVEN_AT.ge(since));
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
