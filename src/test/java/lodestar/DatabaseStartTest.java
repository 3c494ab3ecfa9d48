package lodestar;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import lodestar.testing.FakeSlack;
import lodestar.testing.Users;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the data lives: the embedded PostgreSQL by default, or the server DATABASE_URL names. */
class DatabaseStartTest {
    private FakeSlack slack;

    @BeforeEach
    void startSlack() {
        slack = new FakeSlack();
    }

    @AfterEach
    void stopSlack() {
        slack.close();
    }

    private Config config(Optional<Config.DatabaseUrl> database, Path dataDir) {
        return new Config(
                Optional.of("xoxb-test"),
                Optional.of("secret"),
                Optional.empty(),
                database,
                0,
                slack.apiUrl(),
                dataDir,
                Optional.empty(),
                Optional.empty());
    }

    private static App start(Config config) {
        return App.start(config, new Seams(Clock.systemUTC(), Runnable::run, duration -> {}, false));
    }

    private static HttpResponse<String> health(App app) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/healthz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutDatabaseUrl_embeddedPostgresKeepsDataAcrossRestarts(@TempDir Path dataDir) throws Exception {
        var admin = new Actor(FakeSlack.TEAM, null, Users.ADMIN);
        try (var app = start(config(Optional.empty(), dataDir))) {
            assertThat(health(app).statusCode()).isEqualTo(200);
            app.workspace().service().setMission(admin, "Survive restarts.");
        }
        assertThat(Files.exists(dataDir.resolve("postgres").resolve("postgresql.conf")))
                .isTrue();

        try (var app = start(config(Optional.empty(), dataDir))) {
            assertThat(app.workspace().service().mission(FakeSlack.TEAM)).contains("Survive restarts.");
        }
    }

    @Test
    void databaseGoneAway_healthzSays503() throws Exception {
        var postgres = EmbeddedPostgres.builder().start();
        var url = new Config.DatabaseUrl(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
        try (var app = start(config(Optional.of(url), Files.createTempDirectory("unused")))) {
            assertThat(health(app).statusCode()).isEqualTo(200);

            postgres.close();

            var response = health(app);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("\"database\":\"down\"");
        }
    }
}
