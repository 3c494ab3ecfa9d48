package lodestar.pulse;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lodestar.App;
import lodestar.Config;
import lodestar.Seams;
import lodestar.delivery.SlackLimits;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.MutableClock;
import lodestar.testing.Users;
import lodestar.workspace.Actor;

/**
 * How fast a DM survey reaches a large audience when Slack enforces its published rates: an eNPS survey by DM to the
 * {@code members} of a channel (5,000 by default) is created and opened by the pulse clockwork (its audience listed,
 * its DMs written to the outbox) and delivered by one instance's four background senders and the tick itself, against
 * a fake Slack that answers 429 with Retry-After whenever a method or a conversation exceeds Slack's rates. Reports the time from the opening tick to the last DM accepted, the minimum those
 * rates allow ({@code chat.postMessage}: 300 a minute per workspace; one a second per conversation), their ratio,
 * the 429s received and the duplicates. Both sides run {@code speedUp} times Slack's rates (10 by default) so that a
 * run takes minutes, not a quarter of an hour; the ratio is what compares.
 *
 * <pre>mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test \
 *   && java -cp target/classes:target/test-classes:$(cat target/cp.txt) lodestar.pulse.DmSurveyBenchmark [members] [speedUp]</pre>
 */
public final class DmSurveyBenchmark {
    private static final String CHANNEL = "C0EVERYONE";

    public static void main(String[] args) throws Exception {
        int members = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        double speedUp = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        try (var postgres = EmbeddedPostgres.builder().start();
                var slack = new FakeSlack()) {
            var config = new Config(
                    Optional.of("xoxb-bench-token"),
                    Optional.of("bench-signing-secret"),
                    Optional.empty(),
                    Optional.of(new Config.DatabaseUrl(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null)),
                    0,
                    slack.apiUrl(),
                    Files.createTempDirectory("lodestar-bench"),
                    Optional.of(Harness.SERVER_SECRET),
                    Optional.empty());
            var seams = new Seams(
                            new MutableClock(Harness.START),
                            lodestar.slack.AfterAck.on(Runnable::run),
                            wait -> Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000)),
                            false,
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(10))
                    .withSlackLimits(new SlackLimits(speedUp, System::nanoTime));
            try (var app = App.start(config, seams)) {
                List<String> users = new ArrayList<>();
                for (int i = 0; i < members; i++) {
                    String id = String.format("U%07d", i);
                    users.add(id);
                    slack.addUser(id, user -> {});
                }
                slack.setMembers(CHANNEL, users);
                slack.enforceRateLimits(speedUp);
                app.pulse()
                        .service()
                        .create(
                                new Actor(FakeSlack.TEAM, null, Users.ADMIN),
                                new SeriesDraft(
                                        Optional.of(Template.ENPS),
                                        "",
                                        Optional.of(Series.Audience.DM_CHANNEL),
                                        Optional.of(CHANNEL),
                                        true,
                                        5,
                                        3,
                                        Recurrence.ONCE,
                                        Optional.empty(),
                                        LocalTime.of(9, 0),
                                        ZoneId.of("Europe/London")));
                long started = System.nanoTime();
                app.courier().start(4);
                app.pulse().tick(); // opens the run, lists its audience, enqueues the DMs, and sends along
                long enqueued = System.nanoTime();
                long deadline = started + Duration.ofHours(1).toNanos();
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
                double seconds = (done - started) / 1e9;
                double minimum = SlackLimits.minimumSeconds(members) / speedUp;
                System.out.printf(
                        "DM survey: %d of %d delivered in %.1f s (the opening tick returned after %.1f s); minimum at Slack's rates"
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
