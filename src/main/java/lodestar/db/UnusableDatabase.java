package lodestar.db;

import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import lodestar.Config;
import org.postgresql.Driver;
import org.postgresql.util.PSQLException;

/**
 * A database the bot cannot connect to or migrate, told in one line that says what to do: the place where
 * PostgreSQL's SQLSTATEs become advice. The driver's exception is kept as a suppressed one, for the debug log,
 * so that the message is the whole story on the console.
 */
public final class UnusableDatabase extends RuntimeException {
    private UnusableDatabase(String message, SQLException reason) {
        super(message);
        addSuppressed(reason);
    }

    /** The failure explained when it comes from PostgreSQL or the network, or else the failure itself. */
    static RuntimeException explain(RuntimeException failure, Config.DatabaseUrl url) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return new UnusableDatabase(advice(sql, new Target(url)), sql);
            }
        }
        return failure;
    }

    private static String advice(SQLException e, Target db) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String said = serverMessage(e);
        return switch (state) {
            case "28P01" ->
                "PostgreSQL at " + db.server() + " refused the password for role " + db.role() + " ("
                        + said + "): check the user and password in DATABASE_URL; if the role does not exist, create it"
                        + " with: sudo -u postgres createuser --pwprompt " + db.user();
            case "28000" ->
                "PostgreSQL at " + db.server() + " refused role " + db.role() + " (" + said
                        + "): create the role with: sudo -u postgres createuser --pwprompt " + db.user()
                        + ", or allow it to connect in pg_hba.conf";
            case "3D000" ->
                "Database " + db.name() + " does not exist on " + db.server()
                        + ": create it, owned by the bot's role, with: sudo -u postgres createdb --owner " + db.user()
                        + " "
                        + db.name();
            case "42501" ->
                "Role " + db.role() + " may not create Lodestar's tables in database " + db.name() + " ("
                        + said + "): make the role the database's owner with: sudo -u postgres"
                        + " psql -c 'ALTER DATABASE " + db.name() + " OWNER TO " + db.user() + "' (or: sudo -u postgres"
                        + " psql -d " + db.name() + " -c 'GRANT ALL ON SCHEMA public TO " + db.user() + "')";
            case "08001", "08006" -> unreachable(e, db);
            default ->
                "Could not use the database " + db.name() + " at " + db.server() + " (" + said
                        + (state.isEmpty() ? "" : ", SQLSTATE " + state) + ")";
        };
    }

    /** pgjdbc reports a refused, unknown or silent host alike, with the socket's error as the cause. */
    private static String unreachable(SQLException e, Target db) {
        if (e.getCause() instanceof UnknownHostException) {
            return "Could not reach PostgreSQL: host " + db.host() + " is unknown: check the host in DATABASE_URL";
        }
        String why = e.getCause() != null ? e.getCause().getMessage() : serverMessage(e);
        return "Could not reach PostgreSQL at " + db.server() + " (" + why + "): check that PostgreSQL is running"
                + " there and that the host and port in DATABASE_URL are right";
    }

    /** PostgreSQL's own one-line reason, without its severity, position or hint lines. */
    private static String serverMessage(SQLException e) {
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            return psql.getServerErrorMessage().getMessage();
        }
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    /** Where DATABASE_URL points, as the driver reads it. */
    private record Target(String host, String port, String name, String user) {
        Target(Config.DatabaseUrl url) {
            this(Optional.ofNullable(Driver.parseURL(url.jdbcUrl(), null)).orElseGet(Properties::new), url.user());
        }

        private Target(Properties properties, String user) {
            this(
                    properties.getProperty("PGHOST", "?"),
                    properties.getProperty("PGPORT", "?"),
                    properties.getProperty("PGDBNAME", "?"),
                    user != null
                            ? user
                            : properties.getProperty(
                                    "user", System.getProperty("user.name", "?"))); // as pgjdbc defaults it
        }

        String server() {
            return host + ":" + port;
        }

        String role() {
            return "\"" + user + "\"";
        }
    }
}
