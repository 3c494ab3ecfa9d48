package lodestar;

import static lodestar.LoadFigures.ms;
import static lodestar.LoadFigures.percentile;
import static lodestar.LoadFigures.ratio;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import lodestar.LoadGenerator.Path;
import lodestar.testing.FakeSlack;
import lodestar.testing.Users;

/**
 * Lodestar under load, in its own JVM with the README's settings ({@link LodestarProcess}), beside a bare Bolt app
 * served by the same bridge that only verifies and acks, and, for the commands Lodestar records before its ack, one
 * that also records each, one insert committed before its ack ({@link BareApps}: the least an app that keeps what it
 * acks must do), all measured in the same run against a local fake Slack and an embedded PostgreSQL; Lodestar's
 * resident memory idle, after the load and once settled. For each path: signed slash commands at a fixed rate, then at
 * saturation ({@value LoadGenerator#CONNECTIONS} connections, each sending as soon as it is answered); after a warm-up,
 * the ack latency (request sent → HTTP answer) and, for commands answered through their {@code response_url}, the
 * end-to-end latency (request sent → the fake Slack receives the answer), p50/p99/p99.9, as ratios to the bare app and,
 * for the commands recorded, to the recording one.
 *
 * <pre>mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test &&
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) lodestar.LoadBenchmark [seconds] [rate] [path] [rounds]</pre>
 * ({@code path}: only the paths whose name contains it, e.g. {@code "@someone"}, or {@code ""} for all; {@code rounds}:
 * the paths measured in turn this many times, then each figure's median over the rounds)
 */
public final class LoadBenchmark {
    /**
     * Givers and recipients: at 100 kudos a day each, enough for every give of a run of three rounds (about 200,000 at
     * 1,500 acks a second); with 1,000, the last round's gives were mostly refused for the allowance, and cheap.
     */
    private static final int PEOPLE = 10_000;
    /**
     * Whether PostgreSQL writes each commit to disk before confirming it, as a server does by default and Lodestar's
     * embedded one does; {@code -Dlodestar.benchmark.durable=false} measures without (zonky's defaults, for tests), to
     * tell what the disk costs.
     */
    private static final boolean DURABLE =
            Boolean.parseBoolean(System.getProperty("lodestar.benchmark.durable", "true"));

    /**
     * {@code -Dlodestar.benchmark.statements=true} prints, after the load, the statements PostgreSQL spent most time on
     * (pg_stat_statements): calls, time, buffers touched.
     */
    private static final boolean STATEMENTS = Boolean.getBoolean("lodestar.benchmark.statements");

    /**
     * Before the measured Lodestar starts, a throwaway one (on a database of its own) takes gives at the fixed rate for
     * twice the measurement, so that the benchmark's own JVM (generator, fake Slack) and PostgreSQL are warm and the first
     * round measures Lodestar's cold start, not theirs; {@code -Dlodestar.benchmark.warmTools=false} skips it.
     */
    private static final boolean WARM_TOOLS =
            Boolean.parseBoolean(System.getProperty("lodestar.benchmark.warmTools", "true"));

    /**
     * {@code -Dlodestar.benchmark.groupCommit=true}: the recording app writes the commands that arrive together in one
     * statement and one commit ({@link BareApps#recording}), instead of one commit each.
     */
    private static final boolean GROUP_COMMIT = Boolean.getBoolean("lodestar.benchmark.groupCommit");

    private static final List<Path> PATHS = List.of(
            new Path("/cx help", "/cx", false, i -> new String[] {"help", person(i)}),
            new Path("/kudos me", "/kudos", true, i -> new String[] {"me", person(i)}),
            new Path("/kudos @someone", "/kudos", true, i -> new String[] {
                "<@" + person(i + 1) + "|someone> #customer-first stayed late to fix a customer's export", person(i)
            }));

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String only = args.length > 2 ? args[2] : "";
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        run(Duration.ofSeconds(seconds), rate, only, rounds);
        System.exit(0);
    }

    private static String person(int i) {
        return String.format(Locale.ROOT, "U0LOAD%04d", Math.floorMod(i, PEOPLE));
    }

    private static void run(Duration measure, int rate, String only, int rounds) throws Exception {
        try (var slack = new FakeSlack();
                var postgres = EmbeddedPostgres.builder()
                        // to disk, as a PostgreSQL server and Lodestar's own do by default (zonky, made for tests, not)
                        .setServerConfig("fsync", DURABLE ? "on" : "off")
                        .setServerConfig("synchronous_commit", DURABLE ? "on" : "off")
                        .setServerConfig("shared_preload_libraries", STATEMENTS ? "pg_stat_statements" : "")
                        .start()) {
            for (int i = 0; i < PEOPLE; i++) {
                slack.addUser(person(i), user -> {});
            }
            var load = new LoadGenerator(slack.responseUrl("").replaceFirst("/$", ""), cpuOf(postgres));
            slack.forLoad((id, body) -> load.answered(id));
            var dataDir = Files.createTempDirectory("lodestar-load");
            var log = dataDir.resolve("lodestar.log");
            // Another build of Lodestar to compare with (its classes and dependencies), on a database of its own.
            String before = System.getProperty("lodestar.benchmark.before", "");
            try (var bare = BareApps.acking(slack);
                    var recording = BareApps.recording(slack, postgres, GROUP_COMMIT)) {
                if (WARM_TOOLS) {
                    warmTools(load, slack, postgres, rate, measure, bare.port(), recording);
                }
                try (var lodestar = LodestarProcess.start(env(slack, postgres, "postgres", dataDir), log);
                        var earlier = before.isEmpty() ? null : startBefore(before, slack, postgres)) {
                    System.out.printf(
                            "Lodestar in its own JVM (pid %d, %s; log %s)%n",
                            lodestar.pid(), String.join(" ", LodestarProcess.JVM_OPTIONS), log);
                    Thread.sleep(5_000);
                    System.out.printf("RSS idle after start: %d MiB%n", lodestar.rssMiB());
                    // Enough kudos for every giver for the whole run.
                    load.setup(lodestar.port(), "/cx", "allowance 100 per day", Users.ADMIN);
                    if (earlier != null) {
                        load.setup(earlier.port(), "/cx", "allowance 100 per day", Users.ADMIN);
                        System.out.printf("The earlier build (pid %d): %s%n", earlier.pid(), before.split(":")[0]);
                    }
                    System.out.printf(
                            "%d s per measurement after %d s of warm-up; fixed rate %d/s, saturation %d connections;"
                                    + " PostgreSQL's fsync and synchronous_commit %s; the recording app commits %s%n",
                            measure.toSeconds(),
                            measure.toSeconds(),
                            rate,
                            LoadGenerator.CONNECTIONS,
                            DURABLE ? "on" : "off",
                            GROUP_COMMIT ? "the commands that arrive together at once" : "each command on its own");
                    var paths =
                            PATHS.stream().filter(p -> p.name().contains(only)).toList();
                    var figures = new java.util.LinkedHashMap<String, List<LoadFigures>>();
                    for (int round = 1; round <= rounds; round++) {
                        System.out.printf("%nRound %d of %d%n", round, rounds);
                        for (var path : paths) {
                            figures.computeIfAbsent(path.name(), name -> new java.util.ArrayList<>())
                                    .add(report(load, path, rate, measure, lodestar, bare.port(), recording));
                            if (earlier != null && path.answersLater()) {
                                BuildComparison.compare(load, path, rate, measure, lodestar, earlier);
                            }
                        }
                    }
                    if (rounds > 1 && !figures.isEmpty()) {
                        LoadFigures.printMedians(figures, rate);
                    }
                    System.out.printf("%nRSS after the load: %d MiB%n", lodestar.rssMiB());
                    if (STATEMENTS) {
                        LoadFigures.statements(postgres);
                    }
                    Thread.sleep(30_000);
                    System.out.printf("RSS 30 s later, idle: %d MiB%n", lodestar.rssMiB());
                }
            }
        }
    }

    /**
     * The CPU time of the benchmark's PostgreSQL: its postmaster (a backend's parent) and every process under it. A
     * backend that ends takes its time with it, so the figure holds for windows in which the connections stay open
     * (Lodestar's pools keep theirs).
     */
    private static LongSupplier cpuOf(EmbeddedPostgres postgres) throws SQLException {
        ProcessHandle postmaster;
        try (var connection = postgres.getPostgresDatabase().getConnection();
                var statement = connection.createStatement();
                var result = statement.executeQuery("SELECT pg_backend_pid()")) {
            result.next();
            long backend = result.getLong(1); // asked while it lives: it ends with its connection
            postmaster = ProcessHandle.of(backend)
                    .flatMap(ProcessHandle::parent)
                    .orElseThrow(() -> new IllegalStateException("No postmaster above backend " + backend));
        }
        return () -> Stream.concat(Stream.of(postmaster), postmaster.descendants())
                .mapToLong(process ->
                        process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
    }

    private static Map<String, String> env(
            FakeSlack slack, EmbeddedPostgres postgres, String database, java.nio.file.Path dataDir) {
        return LodestarProcess.environment(
                slack.apiUrl(), postgres.getJdbcUrl("postgres", database), dataDir, Map.of());
    }

    private static LodestarProcess startBefore(String classpath, FakeSlack slack, EmbeddedPostgres postgres)
            throws Exception {
        var dataDir = newDatabase(postgres, "before");
        // -Dlodestar.benchmark.beforeJvm="…" starts it with other JVM options than the measured one's (the same build
        // on both sides compares JVM settings); by default, the same
        String jvm =
                System.getProperty("lodestar.benchmark.beforeJvm", System.getProperty("lodestar.benchmark.jvm", ""));
        return LodestarProcess.start(
                env(slack, postgres, "before", dataDir), dataDir.resolve("lodestar.log"), classpath, jvm);
    }

    /**
     * {@link #WARM_TOOLS}: gives at the fixed rate to a throwaway Lodestar, stopped before the measured one starts, and
     * to both bare apps.
     */
    private static void warmTools(
            LoadGenerator load,
            FakeSlack slack,
            EmbeddedPostgres postgres,
            int rate,
            Duration measure,
            int bare,
            BareApps.Recording recording)
            throws Exception {
        var gives =
                PATHS.stream().filter(p -> p.name().contains("@")).findFirst().orElseThrow();
        var dataDir = newDatabase(postgres, "warmup");
        try (var throwaway =
                LodestarProcess.start(env(slack, postgres, "warmup", dataDir), dataDir.resolve("lodestar.log"))) {
            load.setup(throwaway.port(), "/cx", "allowance 100 per day", Users.ADMIN);
            load.fixedRate(throwaway.port(), gives, rate, measure, throwaway::cpuNanos);
            load.drain();
        }
        load.fixedRate(bare, gives.ackedOnly(), rate, measure, () -> 0);
        load.fixedRate(recording.port(), gives.ackedOnly(), rate, measure, () -> 0);
        recording.settle();
        System.out.printf(
                "The benchmark's own JVM and PostgreSQL warmed first: %d s of gives at %d/s to a throwaway Lodestar"
                        + " and to each bare app%n",
                measure.multipliedBy(2).toSeconds(), rate);
    }

    /** A database of its own for another Lodestar on the benchmark's PostgreSQL, and a data directory. */
    private static java.nio.file.Path newDatabase(EmbeddedPostgres postgres, String name) throws Exception {
        try (var connection = postgres.getPostgresDatabase().getConnection();
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return Files.createTempDirectory("lodestar-" + name);
    }

    private static LoadFigures report(
            LoadGenerator load,
            Path path,
            int rate,
            Duration measure,
            LodestarProcess lodestar,
            int bare,
            BareApps.Recording recording)
            throws Exception {
        // The bare apps never answer through response_url: nothing to wait for.
        var acked = path.ackedOnly();
        // The recording app only for the paths Lodestar records before the ack (those answered later).
        boolean recorded = path.answersLater();
        var bareRate = load.fixedRate(bare, acked, rate, measure, () -> 0);
        var recordingRate = recorded ? load.fixedRate(recording.port(), acked, rate, measure, () -> 0) : null;
        recording.settle();
        var ownRate = load.fixedRate(lodestar.port(), path, rate, measure, lodestar::cpuNanos);
        var bareFull = load.saturate(bare, acked, measure, () -> 0);
        var recordingFull = recorded ? load.saturate(recording.port(), acked, measure, () -> 0) : null;
        recording.settle();
        var ownFull = load.saturate(lodestar.port(), path, measure, lodestar::cpuNanos);
        // Whatever Lodestar still owes is answered before the next path is measured.
        load.drain();
        System.out.printf("%n%s%n", path.name());
        System.out.printf(
                "  saturation: %.0f req/s (bare %.0f, %.3fx); ack p50/p99/p99.9 %s (bare %s; p99 %.1fx)%s%n",
                ownFull.perSecond(),
                bareFull.perSecond(),
                ownFull.perSecond() / bareFull.perSecond(),
                ms(ownFull.acks()),
                ms(bareFull.acks()),
                ratio(ownFull.acks(), bareFull.acks(), 99.0),
                LoadFigures.refusals(ownFull));
        System.out.printf(
                "  %d/s: ack p50/p99/p99.9 %s (bare %s; p99 %.1fx)%s%n",
                rate,
                ms(ownRate.acks()),
                ms(bareRate.acks()),
                ratio(ownRate.acks(), bareRate.acks(), 99.0),
                LoadFigures.refusals(ownRate));
        if (recorded) {
            LoadFigures.printRecording(rate, bareRate, recordingRate, ownRate, bareFull, recordingFull, ownFull);
        }
        if (path.answersLater()) {
            System.out.printf(
                    "  end to end (answered through response_url): at %d/s p50/p99/p99.9 %s, %d never answered;"
                            + " at saturation %s, %d never answered; completed at saturation %.0f/s, Lodestar's CPU"
                            + " %.2f ms per command completed, PostgreSQL's %.2f ms (at %d/s: %.2f and %.2f ms)%n",
                    rate,
                    ms(ownRate.endToEnd()),
                    ownRate.unanswered(),
                    ms(ownFull.endToEnd()),
                    ownFull.unanswered(),
                    ownFull.completedPerSecond(),
                    ownFull.cpuMillisPerCompleted(),
                    ownFull.databaseCpuMillisPerCompleted(),
                    rate,
                    ownRate.cpuMillisPerCompleted(),
                    ownRate.databaseCpuMillisPerCompleted());
        }
        return new LoadFigures(
                percentile(ownRate.acks(), 99),
                ratio(ownRate.acks(), bareRate.acks(), 99.0),
                percentile(ownFull.acks(), 99),
                ratio(ownFull.acks(), bareFull.acks(), 99.0),
                recorded ? ratio(recordingRate.acks(), bareRate.acks(), 99.0) : Double.NaN,
                recorded ? ratio(recordingFull.acks(), bareFull.acks(), 99.0) : Double.NaN,
                recorded ? ratio(ownRate.acks(), recordingRate.acks(), 99.0) : Double.NaN,
                recorded ? ratio(ownFull.acks(), recordingFull.acks(), 99.0) : Double.NaN,
                percentile(ownRate.endToEnd(), 50),
                percentile(ownRate.endToEnd(), 99),
                ownFull.completedPerSecond(),
                ownFull.cpuMillisPerCompleted());
    }
}
