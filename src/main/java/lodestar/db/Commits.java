package lodestar.db;

import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * Commits that need not wait for the disk. PostgreSQL confirms a commit once its WAL is flushed (fsync and
 * {@code synchronous_commit} on, as Lodestar runs it); for a write whose loss in a crash of the database server is
 * harmless (it is redone, or was only bookkeeping), that wait is waste. The WAL is flushed in order, so any later commit
 * that does wait flushes such a write with it: only the last few hundred milliseconds before a crash can be lost.
 */
public final class Commits {
    private Commits() {}

    /**
     * A condition, always true, that sets {@code synchronous_commit} off for the transaction of the statement it is part
     * of: one statement on a connection that autocommits, or a transaction all of whose writes may be lost (the setting
     * reaches the whole transaction's commit, so never in a transaction that also records what must last, unless what it
     * records is redone with it, as the outbox's handlers are with a message's outcome).
     */
    public static Condition withoutWaitingForTheDisk() {
        return DSL.field("set_config('synchronous_commit', 'off', true)", String.class)
                .isNotNull();
    }
}
