package lodestar.recognition;

import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import lodestar.App;
import lodestar.Config;
import lodestar.Seams;
import lodestar.delivery.SlackLimits;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With Slack's rates kept (one message a second in a channel), a kudos whose post waits its turn is not reported as
 * Slack failing: its giver hears it will be posted within moments, and it is. On the system clock.
 */
class KudosPacedTest {
    @RegisterExtension
    static final Harness harness = Harness.systemClock();

    @Test
    void aPostWaitingItsTurn_isToldAsSuch_andPostedSoon(@TempDir Path dataDir) throws Exception {
        var config = new Config(
                Optional.of("xoxb-test-token"),
                Optional.of(SlackRequests.SIGNING_SECRET),
                Optional.empty(),
                Optional.of(TestDatabase.get().url()),
                0,
                harness.slack().apiUrl(),
                dataDir,
                Optional.of(Harness.SERVER_SECRET),
                Optional.empty());
        var seams = new Seams(
                        Clock.systemUTC(),
                        Runnable::run,
                        wait -> Thread.sleep(wait.toMillis()),
                        false,
                        Duration.ofMinutes(1))
                .withSlackLimits(SlackLimits.slacks());
        try (var paced = App.start(config, seams)) {
            var send = new SlackRequests(paced.port(), harness.slack());
            // five at once: their posts' turns are 0 to 4 s away
            var sent = java.util.stream.Stream.of(ALICE, CAROL, ALICE, CAROL, ALICE)
                    .map(giver -> java.util.concurrent.CompletableFuture.runAsync(() -> send.command(
                            "/kudos", "<@" + BOB + "|bob> #ownership Fixed the export for Acme " + giver, giver)))
                    .toList();
            sent.forEach(java.util.concurrent.CompletableFuture::join);

            var answers = harness.slack().calls("response_url").stream()
                    .map(call -> FakeSlack.allText(call.params()))
                    .toList();
            assertThat(answers).hasSize(5).noneMatch(answer -> answer.contains("isn't answering"));
            assertThat(answers).anyMatch(answer -> answer.contains("Posted in <#" + SlackRequests.CHANNEL + ">"));
            // a post whose turn has not come is queued until its turn
            assertThat(answers)
                    .anyMatch(answer ->
                            answer.contains("It will be posted in <#" + SlackRequests.CHANNEL + "> in its turn"));
            // those queued come due a second apart, in their turns, not all at the channel's next free slot
            var due = paced.database()
                    .dsl()
                    .fetch("select not_before from outbox where kind = 'kudos.post' and state = 'pending'"
                            + " order by not_before")
                    .getValues(0, java.time.OffsetDateTime.class);
            for (int i = 1; i < due.size(); i++) {
                assertThat(Duration.between(due.get(i - 1), due.get(i))).isGreaterThan(Duration.ofMillis(900));
            }
            lodestar.testing.Eventually.await("every post is made by the courier", () -> {
                paced.courier().drain();
                return harness.slack().calls("chat.postMessage").stream()
                                .filter(call ->
                                        call.params().path("channel").asText().equals(SlackRequests.CHANNEL))
                                .count()
                        == 5;
            });
        }
    }
}
