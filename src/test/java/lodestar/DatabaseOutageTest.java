package lodestar;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import lodestar.slack.AfterAckPools;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database stops while the bot runs: every request still gets an answer that says what happened, within
 * Slack's limits, nothing is half-written, and once the database is back everything works without a restart.
 */
class DatabaseOutageTest {
    @TempDir
    Path dir;

    private EmbeddedPostgres postgres;
    private FakeSlack slack;
    private App app;
    private AfterAckPools pools;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (pools != null) {
            pools.close();
        }
        if (slack != null) {
            slack.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private EmbeddedPostgres startPostgres(int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("pg"))
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** /healthz, which must answer within a second even while the database is out of reach. */
    private java.net.http.HttpResponse<String> healthz() throws Exception {
        long started = System.nanoTime();
        var response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://localhost:" + app.port() + "/healthz"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        // bounded at 800 ms inside; the rest is room for a loaded CI machine
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_500));
        return response;
    }

    private String lastAnswer() {
        var calls = slack.calls("response_url");
        return calls.isEmpty()
                ? ""
                : FakeSlack.allText(calls.get(calls.size() - 1).params());
    }

    @Test
    void databaseStopped_everyoneIsTold_andItWorksAgainWhenItIsBack() throws Exception {
        int port = freePort();
        postgres = startPostgres(port);
        slack = new FakeSlack();
        var config = new Config(
                Optional.of("xoxb-test-token"),
                Optional.of(SlackRequests.SIGNING_SECRET),
                Optional.empty(),
                Optional.of(new Config.DatabaseUrl(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null)),
                0,
                slack.apiUrl(),
                dir.resolve("data"),
                Optional.of(Harness.SERVER_SECRET),
                Optional.of(new Config.OAuthApp(Harness.CLIENT_ID, "test-client-secret")));
        pools = new AfterAckPools(2, 10, 2, 10);
        app = App.start(
                config,
                new Seams(
                        Clock.systemUTC(),
                        pools.executors(),
                        wait -> {},
                        false,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(10)));
        var send = new SlackRequests(app.port(), slack);
        send.command("/cx", "mission Customers first", ADMIN);
        slack.awaitCalls("response_url", 1, Duration.ofSeconds(10));
        assertThat(lastAnswer()).contains("Mission updated");

        postgres.close();
        postgres = null;
        slack.reset();

        // Answered in the ack: its signature is checked with the database once the answer is made; it is still sent.
        var help = send.command("/kudos", "help", ALICE);
        var kudos = send.command("/kudos", "<@U0BOB> #ownership Fixed the export for Acme", ALICE);
        var mine = send.command("/kudos", "me", ALICE);
        var values = send.command("/cx", "values add candour - Tell the customer the truth", ADMIN);
        var undo = send.blockAction(ALICE, "kudos_undo", "1", SlackRequests.CHANNEL, "1700000001.000100");
        var own = send.blockAction(BOB, "quote_own", "1", "C0DAILY", "1700000002.000100");
        var uninstalled = send.event(new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("type", "app_uninstalled"));
        var answer = send.blockAction(BOB, "pulse_answer_1_9", "1:1:9", "C0PULSE", "1700000003.000100");
        // Not recorded, so not acked: Slack sends the event again, and the workspace's data goes once it can be; a
        // survey's answer and the clicks recorded before their ack (undo, own) get an error Slack shows on the button.
        for (var refused : new SlackRequests.Reply[] {uninstalled, answer, undo, own}) {
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.elapsed()).isLessThan(Duration.ofSeconds(3));
        }

        for (var reply : new SlackRequests.Reply[] {help, kudos, mine, values}) {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.elapsed()).as("acked within Slack's 3 seconds").isLessThan(Duration.ofSeconds(3));
        }
        assertThat(help.text()).contains("Give kudos for customer-first work");
        // Commands are recorded before their ack: with nothing recorded, the ack says that nothing was saved.
        for (var reply : new SlackRequests.Reply[] {kudos, mine, values}) {
            assertThat(reply.body()).contains("database is unavailable", "nothing was saved");
        }
        // nothing was left to do after an ack, so nobody is told later that it may not have gone through
        assertThat(slack.calls("response_url")).isEmpty();
        assertThat(slack.calls("chat.postMessage")).isEmpty();

        var dashboard = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://localhost:" + app.port() + "/dashboard"))
                                .header("Cookie", "lodestar_session=some-session")
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(dashboard.statusCode()).isEqualTo(503);
        assertThat(dashboard.body()).contains("Dashboard unavailable", "cannot reach its database");

        var health = healthz();
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"database\":\"down\"");

        postgres = startPostgres(port);
        // The pool finds its way back on its own (it may take a few seconds to replace its dead connections).
        lodestar.testing.Eventually.await("the bot answers again without a restart", () -> {
            slack.reset();
            if (send.command("/kudos", "me", ALICE).body().contains("nothing was saved")) {
                return false; // the ack's pool has not reconnected yet: asked again
            }
            try {
                return FakeSlack.allText(slack.awaitCalls("response_url", 1, Duration.ofSeconds(10))
                                .get(0)
                                .params())
                        .contains("Your kudos this month");
            } catch (AssertionError notYet) {
                return false; // saved, but the workers' pool had not reconnected: asked again
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        slack.reset();
        send.command("/cx", "mission Customers first, always", ADMIN);
        assertThat(FakeSlack.allText(slack.awaitCalls("response_url", 1, Duration.ofSeconds(10))
                        .get(0)
                        .params()))
                .contains("Mission updated");
    }
}
