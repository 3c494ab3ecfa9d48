package lodestar;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import lodestar.Config.DatabaseUrl;
import lodestar.Config.Invalid;
import org.postgresql.Driver;

/**
 * Turns the value of DATABASE_URL, as {@link Config} read it, into a JDBC URL with its user and password, or into a
 * message that says what is wrong with it.
 */
final class DatabaseUrlParser {
    private DatabaseUrlParser() {}

    /**
     * Accepts {@code postgres://user:password@host:5432/database} (user and password percent-encoded, as libpq
     * reads them) or {@code jdbc:postgresql://host:5432/database?user=...&password=...}, and refuses at start
     * what the PostgreSQL driver would refuse later.
     */
    static DatabaseUrl parse(String value) {
        if (value.startsWith("jdbc:")) {
            return parseJdbcUrl(value);
        }
        if (value.startsWith("postgres://") || value.startsWith("postgresql://")) {
            return parsePostgresUrl(value);
        }
        throw invalidDatabaseUrl("");
    }

    private static DatabaseUrl parseJdbcUrl(String value) {
        var properties = driverProperties(value);
        if (properties == null) {
            String hostPart = value.replaceFirst("^jdbc:postgresql://", "").split("[/?]", 2)[0];
            throw invalidDatabaseUrl(
                    hostPart.contains("@")
                            ? ": the jdbc: form takes the user and password as parameters, not before the host"
                            : "");
        }
        return new DatabaseUrl(value, properties.getProperty("user"), properties.getProperty("password"));
    }

    private static DatabaseUrl parsePostgresUrl(String value) {
        String encodingHint = value.contains("@")
                ? ": percent-encode any of @ : / ? # % or a space in the user or password (@ is %40, % is %25)"
                : "";
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalidDatabaseUrl(encodingHint);
        }
        String database = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (uri.getHost() == null || database.isEmpty() || database.contains("/")) {
            throw invalidDatabaseUrl(encodingHint);
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = percentDecode(parts[0]);
            password = parts.length > 1 ? percentDecode(parts[1]) : null;
        }
        String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
        String query = uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "";
        String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + port + "/" + database + query;
        if (driverProperties(jdbcUrl) == null) {
            throw invalidDatabaseUrl(encodingHint);
        }
        return new DatabaseUrl(jdbcUrl, user, password);
    }

    /** Decodes %XX as libpq does; unlike a form, '+' stays '+'. */
    private static String percentDecode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** What the PostgreSQL driver reads from the URL, or null when it would refuse the URL. */
    private static Properties driverProperties(String jdbcUrl) {
        // The driver explains a refusal on java.util.logging's console, in two lines of its own; ours is one.
        var driverLog = Logger.getLogger("org.postgresql");
        var level = driverLog.getLevel();
        driverLog.setLevel(Level.OFF);
        try {
            return Driver.parseURL(jdbcUrl, null);
        } finally {
            driverLog.setLevel(level);
        }
    }

    /** Never repeats the URL: it may hold a password. */
    private static Invalid invalidDatabaseUrl(String hint) {
        return new Invalid("DATABASE_URL must look like postgres://user:password@host:5432/database or"
                + " jdbc:postgresql://host:5432/database?user=...&password=..." + hint
                + "; unset it to use the embedded database.");
    }
}
