package lodestar;

import static lodestar.LoadFigures.percentile;

import java.time.Duration;
import lodestar.LoadGenerator.Path;

/** {@link LoadBenchmark} against an earlier build of Lodestar, started beside the measured one. */
final class BuildComparison {
    private BuildComparison() {}

    /**
     * Both builds in turn at the fixed rate, then at saturation: the ack's p99 and the answers' at that rate, and what
     * each completed at saturation, with its CPU per command.
     */
    static void compare(
            LoadGenerator load,
            Path path,
            int rate,
            Duration measure,
            LodestarProcess lodestar,
            LodestarProcess earlier)
            throws Exception {
        var nowRate = load.fixedRate(lodestar.port(), path, rate, measure, lodestar::cpuNanos);
        var thenRate = load.fixedRate(earlier.port(), path, rate, measure, earlier::cpuNanos);
        load.drain();
        var now = load.saturate(lodestar.port(), path, measure, lodestar::cpuNanos);
        load.drain();
        var then = load.saturate(earlier.port(), path, measure, earlier::cpuNanos);
        load.drain();
        System.out.printf(
                "  against the earlier build, at %d/s: ack p99 %.1f ms (earlier %.1f ms), answered p99 %.1f ms"
                        + " (earlier %.1f ms); at saturation: ack p99 %.1f ms (earlier %.1f ms)%n",
                rate,
                percentile(nowRate.acks(), 99),
                percentile(thenRate.acks(), 99),
                percentile(nowRate.endToEnd(), 99),
                percentile(thenRate.endToEnd(), 99),
                percentile(now.acks(), 99),
                percentile(then.acks(), 99));
        System.out.printf(
                "  against the earlier build, at saturation: completed %.0f/s (earlier %.0f/s, %.2fx);"
                        + " Lodestar's CPU per command completed %.2f ms (earlier %.2f ms, %.2fx), PostgreSQL's %.2f ms"
                        + " (earlier %.2f ms)%n",
                now.completedPerSecond(),
                then.completedPerSecond(),
                now.completedPerSecond() / then.completedPerSecond(),
                now.cpuMillisPerCompleted(),
                then.cpuMillisPerCompleted(),
                now.cpuMillisPerCompleted() / then.cpuMillisPerCompleted(),
                now.databaseCpuMillisPerCompleted(),
                then.databaseCpuMillisPerCompleted());
    }
}
