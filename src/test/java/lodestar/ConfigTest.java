package lodestar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    private static Map<String, String> env(String... pairs) {
        var env = new HashMap<String, String>();
        env.put("SLACK_BOT_TOKEN", "xoxb-1");
        env.put("SLACK_SIGNING_SECRET", "secret");
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
    void missingBotToken_namesItAndSaysWhereToFindIt() {
        assertThatThrownBy(() -> Config.fromEnvironment(env("SLACK_BOT_TOKEN", null)))
                .isInstanceOf(Config.Invalid.class)
                .hasMessageContaining("SLACK_BOT_TOKEN is not set")
                .hasMessageContaining("OAuth & Permissions");
    }

    @Test
    void botTokenOfTheWrongKind_isRefused() {
        assertThatThrownBy(() -> Config.fromEnvironment(env("SLACK_BOT_TOKEN", "xoxp-user")))
                .hasMessageContaining("SLACK_BOT_TOKEN must be a bot token starting with 'xoxb-'");
    }

    @Test
    void missingSigningSecret_isRefusedInHttpMode() {
        assertThatThrownBy(() -> Config.fromEnvironment(env("SLACK_SIGNING_SECRET", null)))
                .hasMessageContaining("SLACK_SIGNING_SECRET is not set");
    }

    @Test
    void socketMode_needsNoSigningSecret() {
        var config = Config.fromEnvironment(env("SLACK_SIGNING_SECRET", null, "SLACK_APP_TOKEN", "xapp-1"));

        assertThat(config.socketMode()).isTrue();
    }

    @Test
    void appTokenOfTheWrongKind_isRefused() {
        assertThatThrownBy(() -> Config.fromEnvironment(env("SLACK_APP_TOKEN", "xoxb-2")))
                .hasMessageContaining("SLACK_APP_TOKEN must be an app-level token starting with 'xapp-'");
    }

    @Test
    void malformedPort_isRefused() {
        assertThatThrownBy(() -> Config.fromEnvironment(env("PORT", "eighty")))
                .hasMessageContaining("PORT must be a number from 0 to 65535, not 'eighty'");
        assertThatThrownBy(() -> Config.fromEnvironment(env("PORT", "70000"))).hasMessageContaining("PORT");
    }

    @Test
    void malformedApiUrl_isRefused() {
        assertThatThrownBy(() -> Config.fromEnvironment(env("SLACK_API_URL", "slack.com/api")))
                .hasMessageContaining("SLACK_API_URL must be an http(s) URL");
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
    void jdbcUrl_isUsedAsIs() {
        var database = Config.fromEnvironment(env("DATABASE_URL", "jdbc:postgresql://localhost/lodestar?user=a"))
                .database()
                .orElseThrow();

        assertThat(database.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/lodestar?user=a");
    }

    @Test
    void malformedDatabaseUrl_isRefused() {
        assertThatThrownBy(() -> Config.fromEnvironment(env("DATABASE_URL", "mysql://localhost/db")))
                .hasMessageContaining("DATABASE_URL must look like postgres://");
    }

    @Test
    void toString_hidesSecrets() {
        assertThat(Config.fromEnvironment(env("DATABASE_URL", "postgres://u:pw@h/db"))
                        .toString())
                .doesNotContain("xoxb-1", "secret", "pw");
    }

    @Test
    void dataDirThatIsAFile_isRefusedNamingTheVariable(@TempDir Path dir) throws IOException {
        var file = Files.createFile(dir.resolve("not-a-dir"));

        assertThatThrownBy(() -> Config.fromEnvironment(env("LODESTAR_DATA_DIR", file.toString())))
                .isInstanceOf(Config.Invalid.class)
                .hasMessageContaining("LODESTAR_DATA_DIR names a file");
    }

    @Test
    void dataDirWithAnUnexpandedTilde_isRefusedNamingTheVariable() {
        assertThatThrownBy(() -> Config.fromEnvironment(env("LODESTAR_DATA_DIR", "~/lodestar")))
                .isInstanceOf(Config.Invalid.class)
                .hasMessageContaining("LODESTAR_DATA_DIR starts with '~'");
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
    void mainWithAMissingVariable_printsOneLineNamingIt_andNoStackTrace() throws Exception {
        var process = main(Map.of("SLACK_SIGNING_SECRET", "secret"));
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(err.strip().lines()).hasSize(1);
        assertThat(err).startsWith("lodestar: SLACK_BOT_TOKEN is not set");
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
