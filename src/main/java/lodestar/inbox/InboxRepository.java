package lodestar.inbox;

import static lodestar.db.schema.Tables.COMMAND_INBOX;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import lodestar.db.Commits;
import lodestar.db.Prepared;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The commands acked and not yet done. Leases are in the database's time, so that instances whose clocks differ agree
 * on when one lapsed. Only recording a command waits for the disk ({@link InboxRecorder}): the rest is bookkeeping
 * whose loss in a crash of the database server is harmless ({@link Commits}) — a claim or a renewal lost lets another
 * worker take the command, a command's done mark lost has it done again (handlers are idempotent; the person may hear
 * twice), a hand-back lost waits for its lease.
 */
final class InboxRepository {
    /** A command recorded ({@link InboxRecorder}): its row, its workspace, its name and the payload Slack sent. */
    record Entry(long id, String teamId, String command, String payload, int attempts) {}

    /** A command done: once per command ({@link Prepared}). */
    private static final Prepared DONE = Prepared.of(
            DSL.update(COMMAND_INBOX)
                    .set(COMMAND_INBOX.DONE_AT, DSL.currentOffsetDateTime())
                    .set(COMMAND_INBOX.PAYLOAD, DSL.inline(""))
                    .set(COMMAND_INBOX.CLAIMED_BY, DSL.inline((String) null))
                    .set(COMMAND_INBOX.LEASE_UNTIL, DSL.inline((OffsetDateTime) null))
                    .where(COMMAND_INBOX.ID.eq(DSL.param("id", Long.class)))
                    .and(Commits.withoutWaitingForTheDisk()),
            "id");

    private static final Field<?>[] CLAIMED = {
        COMMAND_INBOX.ID, COMMAND_INBOX.TEAM_ID, COMMAND_INBOX.COMMAND, COMMAND_INBOX.PAYLOAD, COMMAND_INBOX.ATTEMPTS
    };
    /** Claiming commands of one lane (quick ones or long ones). */
    private static final Prepared CLAIM_COMMANDS = claim(
            COMMAND_INBOX.LONG_JOB.eq(DSL.param("longJob", Boolean.class)),
            "claimedBy",
            "leaseMillis",
            "longJob",
            "limit");
    /** Claiming jobs (entries without a lane of commands). */
    private static final Prepared CLAIM_JOBS =
            claim(COMMAND_INBOX.LONG_JOB.isNull(), "claimedBy", "leaseMillis", "limit");

    private final DSLContext dsl;

    InboxRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Claims up to {@code limit} commands of one kind ({@code longJobs}, quick ones, or jobs when null) nobody holds
     * (never claimed, handed back, or whose holder's lease lapsed) for {@code lease}: those nobody holds oldest first
     * (lapsed leases join them, {@link #releaseLapsed}), then those whose lease lapsed since; rows another worker is
     * claiming right now are skipped.
     */
    List<Entry> claim(String claimedBy, Boolean longJobs, int limit, Duration lease) {
        var claim = longJobs == null ? CLAIM_JOBS : CLAIM_COMMANDS;
        var values = longJobs == null
                ? new Object[] {claimedBy, lease.toMillis(), limit}
                : new Object[] {claimedBy, lease.toMillis(), longJobs, limit};
        return claim.fetch(dsl, CLAIMED, values).stream()
                .map(r -> new Entry(
                        r.get(COMMAND_INBOX.ID),
                        r.get(COMMAND_INBOX.TEAM_ID),
                        r.get(COMMAND_INBOX.COMMAND),
                        r.get(COMMAND_INBOX.PAYLOAD),
                        r.get(COMMAND_INBOX.ATTEMPTS)))
                .sorted(Comparator.comparingLong(Entry::id))
                .toList();
    }

    /**
     * A claim, as the pollers of every lane run it several times a second under load ({@link Prepared}). In the order
     * of {@code command_inbox_due_idx} (lane, lease, id; the lane too, or the jobs' lane, {@code is null}, is sorted),
     * so that PostgreSQL reads that index from its start and stops at the limit. Ordered by id alone, it walked the
     * table's ids from the oldest, the commands done in the last hour included: with 30,000 of them, 470 buffers and
     * 4 ms for a claim of 16 instead of 19 buffers and 0.1 ms; about 7,000 buffers a claim under the backlog of
     * {@code LoadBenchmark}, a third of PostgreSQL's time.
     */
    private static Prepared claim(Condition kind, String... names) {
        var due = DSL.select(COMMAND_INBOX.ID)
                .from(COMMAND_INBOX)
                .where(COMMAND_INBOX.DONE_AT.isNull())
                .and(kind)
                .and(COMMAND_INBOX.LEASE_UNTIL.isNull().or(COMMAND_INBOX.LEASE_UNTIL.lt(DSL.currentOffsetDateTime())))
                .orderBy(
                        COMMAND_INBOX.LONG_JOB.asc().nullsLast(),
                        COMMAND_INBOX.LEASE_UNTIL.asc().nullsFirst(),
                        COMMAND_INBOX.ID)
                .limit(DSL.param("limit", Integer.class))
                .forUpdate()
                .skipLocked();
        return Prepared.of(
                DSL.update(COMMAND_INBOX)
                        .set(COMMAND_INBOX.CLAIMED_BY, DSL.param("claimedBy", String.class))
                        .set(COMMAND_INBOX.LEASE_UNTIL, fromNow(DSL.param("leaseMillis", Long.class)))
                        .set(COMMAND_INBOX.ATTEMPTS, COMMAND_INBOX.ATTEMPTS.plus(DSL.inline(1)))
                        .where(COMMAND_INBOX.ID.in(due))
                        .and(Commits.withoutWaitingForTheDisk())
                        .returning(CLAIMED),
                names);
    }

    /** Extends the claims {@code claimedBy} holds on these commands, when not done, by {@code lease} from now. */
    void renew(String claimedBy, List<Long> ids, Duration lease) {
        dsl.update(COMMAND_INBOX)
                .set(COMMAND_INBOX.LEASE_UNTIL, fromNow(lease))
                .where(COMMAND_INBOX.ID.in(ids))
                .and(COMMAND_INBOX.CLAIMED_BY.eq(claimedBy))
                .and(COMMAND_INBOX.DONE_AT.isNull())
                .and(Commits.withoutWaitingForTheDisk())
                .execute();
    }

    /**
     * A command done (or given up on): nothing is left to do for it. Its trigger id stays (Slack may send it again);
     * its payload, with the response_url that could still answer the person, goes.
     */
    void done(long id) {
        DONE.execute(dsl, id);
    }

    /** Forgets commands done longer than {@code kept} ago; returns how many. */
    int forgetDone(Duration kept) {
        return dsl.deleteFrom(COMMAND_INBOX)
                .where(COMMAND_INBOX.DONE_AT.lt(fromNow(kept.negated())))
                .and(Commits.withoutWaitingForTheDisk())
                .execute();
    }

    /**
     * Frees the commands whose holder's lease lapsed (it died, or stopped renewing): they rejoin, by id, those nobody
     * holds, ahead of any newer backlog; returns how many.
     */
    int releaseLapsed() {
        return dsl.update(COMMAND_INBOX)
                .setNull(COMMAND_INBOX.CLAIMED_BY)
                .setNull(COMMAND_INBOX.LEASE_UNTIL)
                .where(COMMAND_INBOX.DONE_AT.isNull())
                .and(COMMAND_INBOX.LEASE_UNTIL.lt(DSL.currentOffsetDateTime()))
                .and(Commits.withoutWaitingForTheDisk())
                .execute();
    }

    /** Frees what {@code claimedBy} still holds, for any worker to take at once; returns how many. */
    int handBack(String claimedBy) {
        return dsl.update(COMMAND_INBOX)
                .setNull(COMMAND_INBOX.CLAIMED_BY)
                .setNull(COMMAND_INBOX.LEASE_UNTIL)
                .where(COMMAND_INBOX.CLAIMED_BY.eq(claimedBy))
                .and(COMMAND_INBOX.DONE_AT.isNull())
                .and(Commits.withoutWaitingForTheDisk())
                .execute();
    }

    /** Frees one command that was claimed and not started, for any worker to take at once. */
    void handBack(long id) {
        dsl.update(COMMAND_INBOX)
                .setNull(COMMAND_INBOX.CLAIMED_BY)
                .setNull(COMMAND_INBOX.LEASE_UNTIL)
                .set(COMMAND_INBOX.ATTEMPTS, COMMAND_INBOX.ATTEMPTS.minus(1))
                .where(COMMAND_INBOX.ID.eq(id))
                .and(Commits.withoutWaitingForTheDisk())
                .execute();
    }

    /** Leaves a claimed command to its lease, without counting the claim as an attempt: this instance cannot do it. */
    void passOver(long id) {
        dsl.update(COMMAND_INBOX)
                .set(COMMAND_INBOX.ATTEMPTS, COMMAND_INBOX.ATTEMPTS.minus(1))
                .where(COMMAND_INBOX.ID.eq(id))
                .and(Commits.withoutWaitingForTheDisk())
                .execute();
    }

    /** How many commands are recorded and not done. */
    int backlog() {
        return dsl.fetchCount(COMMAND_INBOX, COMMAND_INBOX.DONE_AT.isNull());
    }

    /** The database's now, plus {@code offset}. */
    private static Field<OffsetDateTime> fromNow(Duration offset) {
        return fromNow(DSL.val(offset.toMillis()));
    }

    static Field<OffsetDateTime> fromNow(Field<Long> millis) {
        return DSL.field(
                "current_timestamp + {0} * interval '1 millisecond'", SQLDataType.TIMESTAMPWITHTIMEZONE, millis);
    }
}
