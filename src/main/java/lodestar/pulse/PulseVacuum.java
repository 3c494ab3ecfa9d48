package lodestar.pulse;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites pulse tables whose deleted rows must not linger: a plain vacuum only marks a deleted row's space free, so its
 * bytes can stay in the table's files; a full vacuum writes the live rows to new files. The rewrite locks the table, so
 * it waits at most half a second for answers in flight; when it cannot, a plain vacuum frees the rows now and the next
 * rewrite removes their bytes.
 */
final class PulseVacuum {
    private static final Logger log = LoggerFactory.getLogger(PulseVacuum.class);

    private PulseVacuum() {}

    /** How long a rewrite waits for the statements that could still see the rows just deleted. */
    private static final Duration SNAPSHOTS_WAIT = Duration.ofSeconds(2);

    /**
     * A rewrite copies the rows a running statement may still see, deleted or not: when any session of this database
     * (another instance polling its queue, say) took its snapshot before the deletes committed, the answers it can see
     * would be written into the new files. Waits (at most {@link #SNAPSHOTS_WAIT}) until every such statement ended,
     * and every transaction that began before and has written: between its statements it holds no snapshot, yet while
     * it runs, PostgreSQL keeps every row deleted after it began (a rewrite copied them, keys and all, once in a
     * while: a courier recording a message sent, say).
     */
    private static void awaitOlderSnapshots(Statement statement) throws SQLException, InterruptedException {
        String now; // the database's time, with its offset, as text
        try (var result = statement.executeQuery("SELECT clock_timestamp()::text")) {
            result.next();
            now = result.getString(1);
        }
        String older = "SELECT state, backend_type, left(query, 80) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                + " AND datname = current_database() AND (backend_xmin IS NOT NULL OR backend_xid IS NOT NULL)"
                + " AND xact_start < '" + now
                + "'::timestamptz";
        long deadline = System.nanoTime() + SNAPSHOTS_WAIT.toNanos();
        String oldest = "";
        while (System.nanoTime() < deadline) {
            try (var result = statement.executeQuery(older)) {
                if (!result.next()) {
                    return;
                }
                oldest = result.getString(1) + " " + result.getString(2) + ": " + result.getString(3);
            }
            Thread.sleep(10);
        }
        log.info(
                "A statement older than the deletes was still running after {} s ({}); rewriting anyway",
                SNAPSHOTS_WAIT.toSeconds(),
                oldest);
    }

    /** Never in a transaction: VACUUM runs on a connection of its own. */
    static void rewrite(DSLContext dsl, String... tables) {
        for (String table : tables) {
            try {
                dsl.connection(connection -> {
                    try (var statement = connection.createStatement()) {
                        awaitOlderSnapshots(statement);
                        statement.execute("SET lock_timeout = '500ms'");
                        try {
                            statement.execute("VACUUM (FULL) " + table);
                        } catch (SQLException busy) {
                            log.info("{} was busy, so it is vacuumed now and rewritten later", table);
                            statement.execute("VACUUM " + table);
                        } finally {
                            statement.execute("RESET lock_timeout");
                        }
                    }
                });
            } catch (RuntimeException e) {
                log.warn("Vacuuming {} failed; the next close tries again", table, e);
            }
        }
    }
}
