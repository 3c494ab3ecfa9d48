package lodestar;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import lodestar.testing.FakeSlack;
import lodestar.testing.SlackRequests;

/**
 * Nothing acked is lost when Lodestar stops: {@value #KUDOS} kudos are given through signed {@code /kudos} commands
 * as fast as Lodestar acks them; as soon as the last is acked, Lodestar (its own JVM, {@link LodestarProcess}) is
 * stopped with SIGTERM, or killed with {@code kill -9}, with most of them still queued. It is started again on the same
 * database, and the check waits until every giver has been answered; then every kudos must be recorded once and posted
 * once in the channel.
 *
 * <pre>java -cp target/classes:target/test-classes:$(cat target/cp.txt) lodestar.RecoveryBenchmark [kudos]</pre>
 */
public final class RecoveryBenchmark {
    private static final int KUDOS = 1_000;

    public static void main(String[] args) throws Exception {
        int kudos = args.length > 0 ? Integer.parseInt(args[0]) : KUDOS;
        boolean allHeld = true;
        for (boolean crash : new boolean[] {false, true}) {
            allHeld &= run(kudos, crash);
        }
        System.out.println(
                allHeld
                        ? "\nEvery kudos recorded and posted exactly once, every giver answered."
                        : "\nFAILED: see above.");
        System.exit(allHeld ? 0 : 1);
    }

    private static String person(int i) {
        return String.format(Locale.ROOT, "U0GIVE%04d", i);
    }

    /** A hundred channels: Slack takes one message a second in each. */
    private static String channel(int i) {
        return String.format(Locale.ROOT, "C0TEAM%02d", i % 100);
    }

    private static String reason(int i) {
        return "Stayed late to fix customer " + i + "'s export";
    }

    private static boolean run(int kudos, boolean crash) throws Exception {
        String how = crash ? "kill -9" : "SIGTERM";
        try (var slack = new FakeSlack();
                var postgres = EmbeddedPostgres.builder()
                        // to disk, as a PostgreSQL server and Lodestar's own do by default (zonky, made for tests, not)
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .start()) {
            for (int i = 0; i <= kudos; i++) {
                slack.addUser(person(i), user -> {});
            }
            Map<String, Integer> answers = new ConcurrentHashMap<>();
            var confirmed = new AtomicInteger();
            slack.onResponse((id, body) -> {
                answers.merge(id, 1, Integer::sum);
                if (FakeSlack.allText(body).contains("Kudos sent")) {
                    confirmed.incrementAndGet();
                }
            });
            var dataDir = Files.createTempDirectory("lodestar-recovery");
            // Ten times Slack's rates, which the fake Slack allows: the DMs to 1,000 people would take minutes more.
            var env = LodestarProcess.environment(
                    slack.apiUrl(),
                    postgres.getJdbcUrl("postgres", "postgres"),
                    dataDir,
                    Map.of("LODESTAR_SLACK_RATES", "10"));
            int acked;
            int doneBefore;
            try (var first = LodestarProcess.start(env, dataDir.resolve("first.log"))) {
                acked = give(first.port(), kudos, slack);
                doneBefore = answers.size();
                if (crash) {
                    first.kill();
                } else {
                    first.terminate();
                }
            }
            System.out.printf(
                    "%n%s: %d of %d kudos acked; %d answered before the %s%n", how, acked, kudos, doneBefore, how);
            long restarted = System.nanoTime();
            try (var second = LodestarProcess.start(env, dataDir.resolve("second.log"))) {
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (answers.size() < acked && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                System.out.printf(
                        "  after the restart, every giver answered within %.1f s%n",
                        (System.nanoTime() - restarted) / 1e9);
                while (unsent(postgres) > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                int unsent = unsent(postgres);
                System.out.printf(
                        unsent == 0
                                ? "  every post and DM sent within %.1f s%n"
                                : "  after %.1f s, %d posts and DMs not sent yet%n",
                        (System.nanoTime() - restarted) / 1e9,
                        unsent);
                Thread.sleep(3_000); // anything sent twice would show now
            }
            return check(postgres, slack, kudos, acked, answers, confirmed.get());
        }
    }

    /** Sends the kudos from 16 connections; returns how many were acked 200. */
    private static int give(int port, int kudos, FakeSlack slack) throws Exception {
        var http = HttpClient.newBuilder()
                .executor(Executors.newFixedThreadPool(16))
                .build();
        var acked = new AtomicInteger();
        var senders = Executors.newFixedThreadPool(16);
        var next = new AtomicInteger();
        var futures = new ArrayList<java.util.concurrent.Future<?>>();
        for (int c = 0; c < 16; c++) {
            futures.add(senders.submit(() -> {
                for (int i = next.getAndIncrement(); i < kudos; i = next.getAndIncrement()) {
                    String body = form(i, slack);
                    var now = Instant.now();
                    var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/slack/events"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("X-Slack-Request-Timestamp", String.valueOf(now.getEpochSecond()))
                            .header(
                                    "X-Slack-Signature",
                                    SlackRequests.signature(SlackRequests.SIGNING_SECRET, now, body))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && !response.body().contains("nothing was")) {
                        acked.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (var future : futures) {
            future.get();
        }
        senders.shutdown();
        return acked.get();
    }

    private static String form(int i, FakeSlack slack) {
        return Map.of(
                        "team_id",
                        FakeSlack.TEAM,
                        "channel_id",
                        channel(i),
                        "user_id",
                        person(i),
                        "command",
                        "/kudos",
                        "text",
                        "<@" + person(i + 1) + "|someone> #customer-first " + reason(i),
                        "response_url",
                        slack.responseUrl("give-" + i),
                        "trigger_id",
                        "trigger-" + i)
                .entrySet()
                .stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static int unsent(EmbeddedPostgres postgres) throws java.sql.SQLException {
        try (var connection = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
                var statement = connection.createStatement()) {
            var pending = statement.executeQuery("select count(*) from outbox where state = 'pending'");
            pending.next();
            return pending.getInt(1);
        }
    }

    private static boolean check(
            EmbeddedPostgres postgres,
            FakeSlack slack,
            int kudos,
            int acked,
            Map<String, Integer> answers,
            int confirmed)
            throws Exception {
        int recorded;
        int distinctGivers;
        int pending;
        try (var connection = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
                var statement = connection.createStatement()) {
            var counts = statement.executeQuery("select count(*), count(distinct giver_id) from kudos");
            counts.next();
            recorded = counts.getInt(1);
            distinctGivers = counts.getInt(2);
            var left = statement.executeQuery("select count(*) from command_inbox where done_at is null");
            left.next();
            pending = left.getInt(1);
        }
        Map<String, Long> postsPerKudos = slack.calls("chat.postMessage").stream()
                .map(call -> call.params())
                .filter(params -> params.path("channel").asText().startsWith("C0TEAM"))
                .map(RecoveryBenchmark::reasonIn)
                .collect(Collectors.groupingBy(text -> text, Collectors.counting()));
        long postedTwice =
                postsPerKudos.values().stream().filter(count -> count > 1).count();
        long answeredTwice =
                answers.values().stream().filter(count -> count > 1).count();
        System.out.printf(
                "  kudos recorded %d (distinct givers %d), posted in the channel %d (%d twice), givers answered %d"
                        + " (%d confirmed 'Kudos sent'; %d answered twice), commands left in the inbox %d%n",
                recorded,
                distinctGivers,
                postsPerKudos.size(),
                postedTwice,
                answers.size(),
                confirmed,
                answeredTwice,
                pending);
        List<String> failures = new ArrayList<>();
        if (acked != kudos) {
            failures.add((kudos - acked) + " not acked");
        }
        if (recorded != acked || distinctGivers != acked) {
            failures.add("recorded " + recorded + " of " + acked);
        }
        if (postsPerKudos.size() != acked || postedTwice > 0) {
            failures.add("posted " + postsPerKudos.size() + ", " + postedTwice + " twice");
        }
        if (answers.size() != acked) {
            failures.add("answered " + answers.size() + " of " + acked);
        }
        if (pending != 0) {
            failures.add(pending + " left in the inbox");
        }
        failures.forEach(failure -> System.out.println("  FAILED: " + failure));
        return failures.isEmpty();
    }

    private static String reasonIn(JsonNode params) {
        var text = FakeSlack.allText(params);
        int at = text.indexOf("Stayed late to fix customer ");
        return at < 0 ? text : text.substring(at, text.indexOf("'s export", at));
    }
}
