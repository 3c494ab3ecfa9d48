package lodestar.pulse;

import java.sql.SQLException;
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

    /** Never in a transaction: VACUUM runs on a connection of its own. */
    static void rewrite(DSLContext dsl, String... tables) {
        for (String table : tables) {
            try {
                dsl.connection(connection -> {
                    try (var statement = connection.createStatement()) {
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
