package lodestar;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import lodestar.secret.ServerSecret;

/**
 * Everything Lodestar reads from its environment, validated once at start. This is the only place
 * that reads environment variables.
 */
public record Config(
        Optional<String> botToken,
        Optional<String> signingSecret,
        Optional<String> appToken,
        Optional<DatabaseUrl> database,
        int port,
        String slackApiUrl,
        Path dataDir,
        Optional<String> secret,
        Optional<OAuthApp> oauth) {

    public static final String DEFAULT_SLACK_API_URL = "https://slack.com/api/";

    /** A setting that is missing or malformed, with a message that says how to fix it. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    /** The Slack app's credentials for installing it in many workspaces ("Add to Slack"). */
    public record OAuthApp(String clientId, String clientSecret) {
        @Override
        public String toString() {
            return "OAuthApp[clientId=" + clientId + "]";
        }
    }

    /**
     * Many workspaces, installed with OAuth, when there is no bot token; with one, the one workspace it belongs to (the
     * client id and secret then serve the dashboard's Sign in with Slack only).
     */
    public boolean manyWorkspaces() {
        return oauth.isPresent() && botToken.isEmpty();
    }

    /** A JDBC connection to an existing PostgreSQL. */
    public record DatabaseUrl(String jdbcUrl, String user, String password) {}

    /** Names what is set without showing tokens, secrets or database credentials. */
    @Override
    public String toString() {
        return "Config[mode=" + (socketMode() ? "socket" : "http")
                + ", workspaces=" + (manyWorkspaces() ? "many (OAuth)" : "one (bot token)") + ", database="
                + database.map(url -> url.jdbcUrl().replaceAll("password=[^&]*", "password=***"))
                        .orElse("embedded")
                + ", port=" + port + ", slackApiUrl=" + slackApiUrl + ", dataDir=" + dataDir + ", keys="
                + (secret.isPresent() ? "from LODESTAR_SECRET" : "from the data directory") + "]";
    }

    public boolean socketMode() {
        return appToken.isPresent();
    }

    public static Config fromEnvironment(Map<String, String> env) {
        var oauth = oauth(env);
        // Without OAuth, the bot token is required in every mode, so it is the first thing a new user hears about.
        var botToken = optional(env, "SLACK_BOT_TOKEN");
        if (oauth.isEmpty() && botToken.isEmpty()) {
            throw new Invalid("SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-...) from your Slack"
                    + " app's OAuth & Permissions page (or set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to install"
                    + " Lodestar in many workspaces).");
        }
        botToken.ifPresent(token -> requirePrefix("SLACK_BOT_TOKEN", token, "xoxb-", "a bot token"));
        var appToken = optional(env, "SLACK_APP_TOKEN");
        if (oauth.isPresent() && botToken.isEmpty() && appToken.isPresent()) {
            throw new Invalid("SLACK_APP_TOKEN is set with SLACK_CLIENT_ID: Socket Mode serves the one workspace of"
                    + " a bot token; to install Lodestar in many workspaces, unset SLACK_APP_TOKEN and receive"
                    + " Slack's requests over HTTP.");
        }
        appToken.ifPresent(token -> requirePrefix("SLACK_APP_TOKEN", token, "xapp-", "an app-level token"));
        var signingSecret = optional(env, "SLACK_SIGNING_SECRET");
        if (signingSecret.isEmpty() && appToken.isEmpty()) {
            throw new Invalid("SLACK_SIGNING_SECRET is not set: copy it from your Slack app's Basic Information page"
                    + " (or set SLACK_APP_TOKEN to use Socket Mode).");
        }
        var database = database(env);
        return new Config(
                botToken,
                signingSecret,
                appToken,
                database,
                optional(env, "PORT").map(Config::parsePort).orElse(3000),
                optional(env, "SLACK_API_URL").map(Config::parseApiUrl).orElse(DEFAULT_SLACK_API_URL),
                dataDir(env),
                secret(env, database.isPresent()),
                oauth);
    }

    private static Optional<OAuthApp> oauth(Map<String, String> env) {
        var clientId = optional(env, "SLACK_CLIENT_ID");
        var clientSecret = optional(env, "SLACK_CLIENT_SECRET");
        if (clientId.isPresent() != clientSecret.isPresent()) {
            throw new Invalid((clientId.isPresent() ? "SLACK_CLIENT_SECRET" : "SLACK_CLIENT_ID") + " is not set: to"
                    + " install Lodestar in many workspaces, copy both the Client ID and the Client Secret from your"
                    + " Slack app's Basic Information page.");
        }
        return clientId.map(id -> new OAuthApp(id, clientSecret.orElseThrow()));
    }

    /**
     * LODESTAR_SECRET: the root of the keys that must not live in the database. Required with DATABASE_URL, so that
     * every instance shares it; with the embedded database, a secret is generated in the data directory when unset.
     */
    private static Optional<String> secret(Map<String, String> env, boolean sharedDatabase) {
        var secret = optional(env, "LODESTAR_SECRET");
        String how = " (for example the output of: openssl rand -base64 32); every instance must use the same one,"
                + " and it must never change while a survey is open.";
        if (secret.isEmpty() && sharedDatabase) {
            throw new Invalid("LODESTAR_SECRET is not set: with DATABASE_URL, set it to a random secret of at least "
                    + ServerSecret.MIN_LENGTH + " characters" + how);
        }
        if (secret.isPresent() && secret.get().length() < ServerSecret.MIN_LENGTH) {
            throw new Invalid("LODESTAR_SECRET is too short (" + secret.get().length() + " characters): use a random"
                    + " secret of at least " + ServerSecret.MIN_LENGTH + " characters" + how);
        }
        return secret;
    }

    /** The server secret: LODESTAR_SECRET, or the one generated in the data directory for the embedded database. */
    public ServerSecret serverSecret() {
        return secret.map(ServerSecret::of).orElseGet(() -> ServerSecret.inFile(dataDir.resolve("secret")));
    }
    /**
     * LODESTAR_SLACK_RATES: how many times Slack's documented rates Lodestar keeps to (1 unless set). Only for
     * benchmarks against a fake Slack that allows more; the real Slack answers faster sending with 429s.
     */
    public static double slackRates(Map<String, String> env) {
        var value = optional(env, "LODESTAR_SLACK_RATES");
        if (value.isEmpty()) {
            return 1;
        }
        try {
            double rates = Double.parseDouble(value.get());
            if (rates >= 1 && rates <= 1_000) {
                return rates;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new Invalid("LODESTAR_SLACK_RATES is '" + value.get() + "': a number from 1 to 1000 (for benchmarks"
                + " against a fake Slack only), or unset it.");
    }

    /** DATABASE_URL, when set: the database tools such as the quote import also use. */
    public static Optional<DatabaseUrl> database(Map<String, String> env) {
        return optional(env, "DATABASE_URL").map(DatabaseUrlParser::parse);
    }

    /** LODESTAR_DATA_DIR, or ~/.lodestar: where the embedded PostgreSQL keeps its data. */
    public static Path dataDir(Map<String, String> env) {
        return optional(env, "LODESTAR_DATA_DIR")
                .map(Config::parseDataDir)
                .orElse(Path.of(System.getProperty("user.home"), ".lodestar"));
    }

    private static Path parseDataDir(String value) {
        String usage = "; set it to a directory the bot may write to (it is created if missing), or unset it to use"
                + " ~/.lodestar.";
        if (value.startsWith("~")) {
            throw new Invalid("LODESTAR_DATA_DIR starts with '~', which only a shell expands: give the full path"
                    + " instead of '" + value + "'" + usage);
        }
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw new Invalid("LODESTAR_DATA_DIR is not a valid path ('" + value + "')" + usage);
        }
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new Invalid("LODESTAR_DATA_DIR names a file, not a directory ('" + value + "')" + usage);
        }
        return path;
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static void requirePrefix(String name, String value, String prefix, String what) {
        if (!value.startsWith(prefix)) {
            throw new Invalid(name + " must be " + what + " starting with '" + prefix + "'.");
        }
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Invalid("PORT must be a number from 0 to 65535, not '" + value + "'.");
    }

    private static String parseApiUrl(String value) {
        try {
            var uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return value.endsWith("/") ? value : value + "/";
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new Invalid(
                "SLACK_API_URL must be an http(s) URL such as " + DEFAULT_SLACK_API_URL + ", not '" + value + "'.");
    }
}
