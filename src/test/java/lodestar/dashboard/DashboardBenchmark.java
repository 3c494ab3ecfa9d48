package lodestar.dashboard;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import lodestar.Config;
import lodestar.db.Database;
import lodestar.delivery.SlackLimits;
import lodestar.digest.DigestBenchmark;
import lodestar.digest.DigestService;
import lodestar.pulse.PulseService;
import lodestar.quotes.QuoteService;
import lodestar.recognition.KudosLedger;
import lodestar.recognition.RecognitionService;
import lodestar.schedule.Scheduler;
import lodestar.secret.ServerSecret;
import lodestar.slack.SlackUsers;
import lodestar.testing.Harness;
import lodestar.workspace.WorkspaceService;

/**
 * How long the dashboard's pages take on the digest benchmark's workspace (20,000 members, 1,000,000 kudos): the
 * overview with 12 and 52 weeks, its chart, the recognition page with 52 weeks and its chart, and the pulse page, each
 * computed and rendered as a request does. Reports p50 and p95 over 40 runs and the ratio of p95 to a baseline
 * measured in the same run (a week's kudos counted).
 *
 * <pre>mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test && java -cp target/classes:target/test-classes:$(cat target/cp.txt) lodestar.dashboard.DashboardBenchmark</pre>
 */
public final class DashboardBenchmark {
    public static void main(String[] args) throws Exception {
        try (var postgres = EmbeddedPostgres.builder().start();
                var database = Database.connect(
                        new Config.DatabaseUrl(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null));
                var scheduler = Scheduler.create(database.dataSource())) {
            long started = System.nanoTime();
            DigestBenchmark.seed(database.dsl());
            System.out.printf("seeded in %.1f s%n", (System.nanoTime() - started) / 1e9);
            String team = DigestBenchmark.TEAM;
            var end = DigestBenchmark.END;
            // The system clock, moved to the data set's end: time passes between requests, as it does.
            var clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), end));
            var workspace = new WorkspaceService(database.dsl(), SlackUsers.offline(), clock);
            var pulse = new PulseService(database.dsl(), workspace, clock, ServerSecret.of(Harness.SERVER_SECRET));
            var quotes = new QuoteService(database.dsl(), workspace, scheduler, clock);
            // A new digest service forgets the weeks it kept: the first request of the day.
            Supplier<DigestService> fresh = () -> new DigestService(
                    workspace,
                    new RecognitionService(
                            database.dsl(), workspace, SlackUsers.offline(), SlackLimits.unpaced(), clock),
                    quotes,
                    pulse);
            var kept = new RecognitionService(
                    database.dsl(), workspace, SlackUsers.offline(), SlackLimits.unpaced(), clock);
            var digests = new DigestService(workspace, kept, quotes, pulse);
            var templates = TemplateEngine.createPrecompiled(ContentType.Html);
            var dsl = database.dsl();
            Supplier<Object> baseline = () -> dsl.fetchValue(
                    "select count(*) from kudos where team_id = ? and given_at >= ?::timestamptz and given_at < ?::timestamptz",
                    team,
                    end.minusSeconds(7 * 86400).atOffset(ZoneOffset.UTC),
                    end.atOffset(ZoneOffset.UTC));
            Map<String, Supplier<Object>> pages = new java.util.LinkedHashMap<>();
            for (int weeks : new int[] {12, 52}) {
                pages.put("overview, " + weeks + " weeks", () -> overview(templates, digests, clock, weeks));
            }
            pages.put("overview, 52, cold", () -> overview(templates, fresh.get(), clock, 52));
            pages.put(
                    "chart, 52 weeks",
                    () -> TrendChart.svg(digests.trend(team, Access.periodEnd(clock.instant()), 52)));
            var recognition = new RecognitionPage(
                    new Access(new Sessions(dsl, ServerSecret.of(Harness.SERVER_SECRET), clock), workspace),
                    digests,
                    new KudosLedger(dsl),
                    kept,
                    clock);
            pages.put(
                    "recognition, 52 weeks",
                    () -> render(templates, "dashboard/recognition.jte", recognition.page("Bench", "csrf", team, 52)));
            pages.put("recognition, 52, cold", () -> {
                var forgetful = new RecognitionService(
                        database.dsl(), workspace, SlackUsers.offline(), SlackLimits.unpaced(), clock);
                var page = new RecognitionPage(
                        new Access(new Sessions(dsl, ServerSecret.of(Harness.SERVER_SECRET), clock), workspace),
                        new DigestService(workspace, forgetful, quotes, pulse),
                        new KudosLedger(dsl),
                        forgetful,
                        clock);
                return render(templates, "dashboard/recognition.jte", page.page("Bench", "csrf", team, 52));
            });
            pages.put(
                    "recognition chart, 52 weeks",
                    () -> RecognitionChart.svg(digests.trendWithReach(team, Access.periodEnd(clock.instant()), 52)));
            pages.put(
                    "voice, 52 weeks",
                    () -> render(
                            templates,
                            "dashboard/voice.jte",
                            VoicePage.page(
                                    digests,
                                    quotes,
                                    "Bench",
                                    "csrf",
                                    team,
                                    clock.instant(),
                                    52,
                                    LibrarySearch.of("customer", "critique"))));
            pages.put(
                    "pulse",
                    () -> render(
                            templates,
                            "dashboard/pulse.jte",
                            new Pages.Pulse(
                                    "Bench",
                                    "csrf",
                                    pulse.list(team).stream()
                                            .map(series -> PulseTable.rows(series, pulse.resultsOf(team, series.id())))
                                            .toList())));
            double base = percentile(times(baseline, 5, 40), 50);
            System.out.printf("baseline (a week's kudos counted): p50 %.2f ms%n", base);
            for (var page : pages.entrySet()) {
                boolean cold = page.getKey().endsWith("cold");
                var times = times(page.getValue(), cold ? 0 : 3, cold ? 5 : 40);
                double p50 = percentile(times, 50);
                double p95 = percentile(times, 95);
                System.out.printf(
                        "%-28s p50 %6.0f ms  p95 %6.0f ms  (p95 %.0fx the baseline; target < 300 ms)%n",
                        page.getKey(), p50, p95, p95 / base);
            }
        }
    }

    /** The overview as a request computes it: this week as the digest does, then the period in whole days. */
    private static String overview(TemplateEngine templates, DigestService digests, Clock clock, int weeks) {
        var now = clock.instant();
        var overview = digests.overview(DigestBenchmark.TEAM, now, Access.periodEnd(now), weeks);
        return render(
                templates,
                "dashboard/overview.jte",
                new Pages.Overview("Bench", "csrf", weeks, overview.thisWeek(), overview.trend()));
    }

    private static String render(TemplateEngine templates, String template, Object page) {
        var output = new StringOutput();
        templates.render(template, page, output);
        return output.toString();
    }

    /** How long each of {@code runs} runs took, in ms, sorted, after {@code warmups} runs not counted. */
    private static List<Double> times(Supplier<Object> work, int warmups, int runs) {
        for (int i = 0; i < warmups; i++) {
            work.get();
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.get();
            times.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(times);
        return times;
    }

    private static double percentile(List<Double> sorted, int percentile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }
}
