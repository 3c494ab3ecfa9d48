package lodestar.delivery;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lodestar.App;
import lodestar.Config;
import lodestar.testing.FakeSlack;

/**
 * How fast the outbox fans a DM out to a large audience when Slack enforces its published rates: {@code members} DMs
 * (5,000 by default, as a pulse survey to a large channel) are enqueued in one transaction and delivered by one
 * instance's four background senders against a fake Slack that answers 429 with Retry-After whenever a method or a
 * conversation exceeds Slack's rates. Reports the time from the enqueue to the last DM accepted, the minimum those
 * rates allow ({@code chat.postMessage}: 300 a minute per workspace; one a second per conversation), their ratio,
 * the 429s received and the duplicates. Both sides run {@code speedUp} times Slack's rates (10 by default) so that a
 * run takes minutes, not a quarter of an hour; the ratio is what compares.
 *
 * <pre>mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test \
 *   && java -cp target/classes:target/test-classes:$(cat target/cp.txt) lodestar.delivery.DmFanOutBenchmark [members] [speedUp]</pre>
 */
public final class DmFanOutBenchmark {
    public static void main(String[] args) throws Exception {
        int members = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        double speedUp = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        try (var postgres = EmbeddedPostgres.builder().start();
                var slack = new FakeSlack()) {
            var config = new Config(
                    "xoxb-bench-token",
                    Optional.of("bench-signing-secret"),
                    Optional.empty(),
                    Optional.of(new Config.DatabaseUrl(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null)),
                    0,
                    slack.apiUrl(),
                    Files.createTempDirectory("lodestar-bench"));
            var seams = new App.Seams(
                            Clock.systemUTC(),
                            lodestar.slack.AfterAck.on(Runnable::run),
                            wait -> Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000)),
                            false,
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(10))
                    .withSlackLimits(new SlackLimits(speedUp, System::nanoTime));
            try (var app = App.start(config, seams)) {
                List<String> users = new ArrayList<>();
                for (int i = 0; i < members; i++) {
                    users.add(String.format("U%07d", i));
                }
                slack.reset();
                slack.enforceRateLimits(speedUp);
                long started = System.nanoTime();
                app.database().dsl().transaction(tx -> {
                    var now = Clock.systemUTC().instant();
                    for (String user : users) {
                        Outbox.enqueue(
                                tx.dsl(),
                                Message.post(
                                        FakeSlack.TEAM,
                                        "benchmark.dm",
                                        "survey:1:" + user,
                                        user,
                                        "How likely are you to recommend working here to a friend?"),
                                now);
                    }
                });
                long enqueued = System.nanoTime();
                app.courier().start(4);
                long deadline = enqueued + Duration.ofHours(1).toNanos();
                int delivered = 0;
                while (System.nanoTime() < deadline) {
                    delivered = (int) users.stream()
                            .filter(user -> !slack.history(user).isEmpty())
                            .count();
                    if (delivered == members) {
                        break;
                    }
                    Thread.sleep(50);
                }
                long done = System.nanoTime();
                int duplicated = users.stream()
                        .mapToInt(user -> Math.max(0, slack.history(user).size() - 1))
                        .sum();
                double seconds = (done - enqueued) / 1e9;
                double minimum = SlackLimits.minimumSeconds(members) / speedUp;
                System.out.printf(
                        "DM fan-out: %d of %d delivered in %.1f s (enqueued in %.1f s); minimum at Slack's rates"
                                + " x%.0f: %.1f s; ratio %.3f; 429s received %d; duplicated %d%n",
                        delivered,
                        members,
                        seconds,
                        (enqueued - started) / 1e9,
                        speedUp,
                        minimum,
                        seconds / minimum,
                        slack.rateLimited(),
                        duplicated);
            }
        }
    }
}
