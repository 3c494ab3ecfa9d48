package lodestar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lodestar.secret.ServerSecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigTest {
    private static final String SECRET = "a-random-secret-of-at-least-32-characters";

    private static Map<String, String> env(String... pairs) {
        var env = new HashMap<String, String>();
        env.put("SLACK_BOT_TOKEN", "xoxb-1");
        env.put("SLACK_SIGNING_SECRET", "secret");
        env.put("LODESTAR_SECRET", SECRET);
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                env.remove(pairs[i]);
            } else {
                env.put(pairs[i], pairs[i + 1]);
            }
        }
        return env;
    }

    @Test
    void minimalHttpConfig_usesDefaults() {
        var config = Config.fromEnvironment(env());

        assertThat(config.port()).isEqualTo(3000);
        assertThat(config.slackApiUrl()).isEqualTo("https://slack.com/api/");
        assertThat(config.database()).isEmpty();
        assertThat(config.socketMode()).isFalse();
        assertThat(config.dataDir().toString()).endsWith(".lodestar");
    }

    @Test
    void nothingSet_firstNamesTheBotToken_whichEveryModeNeeds() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of()))
                .isInstanceOf(Config.Invalid.class)
                .hasMessageStartingWith("SLACK_BOT_TOKEN is not set");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments(env("SLACK_BOT_TOKEN", null), "SLACK_BOT_TOKEN is not set", "OAuth & Permissions"),
                arguments(
                        env("SLACK_BOT_TOKEN", "xoxp-user"),
                        "SLACK_BOT_TOKEN must be a bot token starting with 'xoxb-'",
                        ""),
                arguments(env("SLACK_SIGNING_SECRET", null), "SLACK_SIGNING_SECRET is not set", "SLACK_APP_TOKEN"),
                arguments(
                        env("SLACK_APP_TOKEN", "xoxb-2"),
                        "SLACK_APP_TOKEN must be an app-level token starting with 'xapp-'",
                        ""),
                arguments(env("PORT", "eighty"), "PORT must be a number from 0 to 65535, not 'eighty'", ""),
                arguments(env("PORT", "70000"), "PORT must be a number", ""),
                arguments(env("SLACK_API_URL", "slack.com/api"), "SLACK_API_URL must be an http(s) URL", ""),
                arguments(env("LODESTAR_DATA_DIR", "~/lodestar"), "LODESTAR_DATA_DIR starts with '~'", ""),
                arguments(env("DATABASE_URL", "mysql://localhost/db"), "DATABASE_URL must look like postgres://", ""),
                // pgjdbc's own parser refuses these, so the driver would say "No suitable driver" later
                arguments(env("DATABASE_URL", "jdbc:postgresql:// bad url"), "DATABASE_URL must look like", ""),
                arguments(env("DATABASE_URL", "jdbc:postgresql://localhost:99999/db"), "DATABASE_URL", ""),
                arguments(env("DATABASE_URL", "jdbc:mysql://localhost/db"), "DATABASE_URL", ""),
                arguments(
                        env("DATABASE_URL", "jdbc:postgresql://lode:s3cret@localhost/db"),
                        "DATABASE_URL",
                        "the jdbc: form takes the user and password as parameters"),
                arguments(env("DATABASE_URL", "postgres://lode:p@s3cret@localhost/db"), "DATABASE_URL", "@ is %40"),
                arguments(env("DATABASE_URL", "postgres://lode:50%s3cret@localhost/db"), "DATABASE_URL", "% is %25"),
                arguments(env("DATABASE_URL", "postgres://lode:s3cret@localhost:99999/db"), "DATABASE_URL", ""),
                arguments(env("DATABASE_URL", "postgres://lode:s3cret@localhost"), "DATABASE_URL", ""));
    }

    /** One line, plain ASCII (a console without a UTF-8 locale prints anything else as '?'), never a secret. */
    @ParameterizedTest
    @MethodSource("refusals")
    void refusal_isOneAsciiLineNamingTheVariable(Map<String, String> env, String start, String advice) {
        assertThatThrownBy(() -> Config.fromEnvironment(env))
                .isInstanceOf(Config.Invalid.class)
                .hasMessageStartingWith(start)
                .hasMessageContaining(advice)
                .hasMessageNotContaining("s3cret")
                .satisfies(e -> assertThat(e.getMessage().chars()).allMatch(c -> c >= 32 && c < 127));
    }

    @Test
    void socketMode_needsNoSigningSecret() {
        var config = Config.fromEnvironment(env("SLACK_SIGNING_SECRET", null, "SLACK_APP_TOKEN", "xapp-1"));

        assertThat(config.socketMode()).isTrue();
    }

    @Test
    void apiUrl_getsATrailingSlash() {
        assertThat(Config.fromEnvironment(env("SLACK_API_URL", "http://localhost:9000/api"))
                        .slackApiUrl())
                .isEqualTo("http://localhost:9000/api/");
    }

    @Test
    void postgresUrl_becomesJdbcWithCredentials() {
        var database = Config.fromEnvironment(
                        env("DATABASE_URL", "postgres://lode:s3cret@db.internal:5433/lodestar?sslmode=require"))
                .database()
                .orElseThrow();

        assertThat(database.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/lodestar?sslmode=require");
        assertThat(database.user()).isEqualTo("lode");
        assertThat(database.password()).isEqualTo("s3cret");
    }

    @Test
    void postgresUrl_percentDecodesTheCredentials_asLibpqDoes() {
        var database = Config.fromEnvironment(env("DATABASE_URL", "postgres://lode%2Bbot:p%40ss%3Aw%2Frd+1@h/lodestar"))
                .database()
                .orElseThrow();

        assertThat(database.jdbcUrl()).isEqualTo("jdbc:postgresql://h/lodestar");
        assertThat(database.user()).isEqualTo("lode+bot");
        assertThat(database.password()).isEqualTo("p@ss:w/rd+1");
    }

    @Test
    void jdbcUrl_isUsedAsIs_andItsCredentialsAreTheDriversParameters() {
        var database = Config.fromEnvironment(
                        env("DATABASE_URL", "jdbc:postgresql://localhost:5433/lodestar?user=lode&password=p%40ss%2B1"))
                .database()
                .orElseThrow();

        assertThat(database.jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:5433/lodestar?user=lode&password=p%40ss%2B1");
        assertThat(database.user()).isEqualTo("lode");
        assertThat(database.password()).isEqualTo("p@ss+1");
    }

    @Test
    void toString_hidesSecrets() {
        assertThat(Config.fromEnvironment(env("DATABASE_URL", "postgres://u:pw@h/db"))
                        .toString())
                .doesNotContain("xoxb-1", "secret", "pw", SECRET);
    }

    @Test
    void clientIdAndSecret_withoutABotToken_serveManyWorkspaces() {
        var config = Config.fromEnvironment(
                env("SLACK_BOT_TOKEN", null, "SLACK_CLIENT_ID", "123.456", "SLACK_CLIENT_SECRET", "client-secret"));

        assertThat(config.manyWorkspaces()).isTrue();
        assertThat(config.botToken()).isEmpty();
        assertThat(config.oauth()).hasValue(new Config.OAuthApp("123.456", "client-secret"));
        assertThat(config.toString()).contains("workspaces=many").doesNotContain("client-secret");
        assertThat(Config.fromEnvironment(env()).manyWorkspaces()).isFalse();
    }

    @Test
    void oauthHalfSet_orWithSocketMode_isRefusedSayingWhichToSet_butWithABotTokenServesSignIn() {
        assertThatThrownBy(() -> Config.fromEnvironment(env("SLACK_BOT_TOKEN", null, "SLACK_CLIENT_ID", "123.456")))
                .isInstanceOf(Config.Invalid.class)
                .hasMessageStartingWith("SLACK_CLIENT_SECRET is not set");
        var withSignIn = Config.fromEnvironment(env("SLACK_CLIENT_ID", "1", "SLACK_CLIENT_SECRET", "s"));
        assertThat(withSignIn.manyWorkspaces())
                .as("a bot token and a client id: one workspace, with Sign in with Slack")
                .isFalse();
        assertThat(withSignIn.oauth()).isPresent();
        assertThatThrownBy(() -> Config.fromEnvironment(env(
                        "SLACK_BOT_TOKEN",
                        null,
                        "SLACK_CLIENT_ID",
                        "1",
                        "SLACK_CLIENT_SECRET",
                        "s",
                        "SLACK_APP_TOKEN",
                        "xapp-1")))
                .isInstanceOf(Config.Invalid.class)
                .hasMessageStartingWith("SLACK_APP_TOKEN is set with SLACK_CLIENT_ID");
        assertThatThrownBy(() -> Config.fromEnvironment(env(
                        "SLACK_BOT_TOKEN",
                        null,
                        "SLACK_CLIENT_ID",
                        "1",
                        "SLACK_CLIENT_SECRET",
                        "s",
                        "SLACK_SIGNING_SECRET",
                        null)))
                .isInstanceOf(Config.Invalid.class)
                .hasMessageStartingWith("SLACK_SIGNING_SECRET is not set");
    }

    @Test
    void databaseUrlWithoutASecret_isRefused_asEveryInstanceMustShareOne() {
        assertThatThrownBy(() ->
                        Config.fromEnvironment(env("DATABASE_URL", "postgres://u:pw@h/db", "LODESTAR_SECRET", null)))
                .isInstanceOf(Config.Invalid.class)
                .hasMessageStartingWith("LODESTAR_SECRET is not set: with DATABASE_URL")
                .hasMessageContaining("openssl rand -base64 32");
    }

    @Test
    void aShortSecret_isRefused_sayingHowLongItMustBe() {
        assertThatThrownBy(() -> Config.fromEnvironment(env("LODESTAR_SECRET", "too-short")))
                .isInstanceOf(Config.Invalid.class)
                .hasMessageStartingWith("LODESTAR_SECRET is too short (9 characters)")
                .hasMessageContaining("at least 32 characters")
                .hasMessageNotContaining("too-short)");
    }

    @Test
    void embeddedDatabaseWithoutASecret_generatesOneOwnerOnly_andKeepsIt(@TempDir Path dir) throws IOException {
        var config = Config.fromEnvironment(env(
                "LODESTAR_SECRET",
                null,
                "LODESTAR_DATA_DIR",
                dir.resolve("data").toString()));

        var first = config.serverSecret().key("test", 32);
        var file = dir.resolve("data").resolve("secret");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(file).strip()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(config.serverSecret().key("test", 32)).isEqualTo(first);
        assertThat(config.serverSecret().key("another use", 32)).isNotEqualTo(first);
        assertThat(config.toString()).contains("keys=from the data directory");
    }

    @Test
    void aGivenSecret_isUsedWithTheEmbeddedDatabaseToo_andNoFileIsWritten(@TempDir Path dir) {
        var config = Config.fromEnvironment(env("LODESTAR_DATA_DIR", dir.toString()));

        assertThat(config.serverSecret().key("test", 32))
                .isEqualTo(ServerSecret.of(SECRET).key("test", 32));
        assertThat(dir.resolve("secret")).doesNotExist();
    }

    @Test
    void dataDirThatIsAFile_isRefusedNamingTheVariable(@TempDir Path dir) throws IOException {
        var file = Files.createFile(dir.resolve("not-a-dir"));

        assertThatThrownBy(() -> Config.fromEnvironment(env("LODESTAR_DATA_DIR", file.toString())))
                .isInstanceOf(Config.Invalid.class)
                .hasMessageContaining("LODESTAR_DATA_DIR names a file");
    }

    @Test
    void dataDir_isUsedAsGiven(@TempDir Path dir) {
        assertThat(Config.fromEnvironment(env("LODESTAR_DATA_DIR", dir.toString()))
                        .dataDir())
                .isEqualTo(dir);
    }

    /** Runs {@code java lodestar.App} as a user would, with only the given environment. */
    private static Process main(Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "lodestar.App");
        process.environment().clear();
        process.environment().putAll(env);
        return process.start();
    }

    @Test
    void mainWithNothingSet_printsOneLineNamingTheBotToken_andNoStackTrace() throws Exception {
        var process = main(Map.of());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(err.strip().lines()).hasSize(1);
        assertThat(err).startsWith("lodestar: SLACK_BOT_TOKEN is not set");
        // no locale is set, so the console is ASCII: anything else would print as '?'
        assertThat(err).contains("xoxb-...").doesNotContain("?");
        assertThat(err + out).doesNotContain("Exception", "\tat ");
    }

    @Test
    void mainWithABadDataDir_printsOneLineNamingIt(@TempDir Path dir) throws Exception {
        var file = Files.createFile(dir.resolve("file"));
        var process = main(Map.of(
                "SLACK_BOT_TOKEN", "xoxb-1", "SLACK_SIGNING_SECRET", "secret", "LODESTAR_DATA_DIR", file.toString()));
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(err.strip().lines()).hasSize(1);
        assertThat(err).startsWith("lodestar: LODESTAR_DATA_DIR");
    }
}
