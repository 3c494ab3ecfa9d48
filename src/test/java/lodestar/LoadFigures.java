package lodestar;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One round's figures of a path, for the medians over rounds (the measure: medians of three). */
record LoadFigures(
        double ackP99AtRate,
        double ackRatioAtRate,
        double ackP99Full,
        double ackRatioFull,
        double endToEndP50,
        double endToEndP99,
        double completedPerSecond,
        double cpuMillis) {
    static void printMedians(Map<String, List<LoadFigures>> byPath, int rate) {
        System.out.printf(
                "%nMedians of %d rounds%n", byPath.values().iterator().next().size());
        byPath.forEach((path, rounds) -> System.out.printf(
                Locale.ROOT,
                "  %s: at %d/s ack p99 %.1f ms (%.1fx bare), e2e p50/p99 %.1f/%.1f ms; at saturation ack p99 %.1f"
                        + " ms (%.1fx bare), completed %.0f/s, CPU %.2f ms per command%n",
                path,
                rate,
                median(rounds, LoadFigures::ackP99AtRate),
                median(rounds, LoadFigures::ackRatioAtRate),
                median(rounds, LoadFigures::endToEndP50),
                median(rounds, LoadFigures::endToEndP99),
                median(rounds, LoadFigures::ackP99Full),
                median(rounds, LoadFigures::ackRatioFull),
                median(rounds, LoadFigures::completedPerSecond),
                median(rounds, LoadFigures::cpuMillis)));
    }

    private static double median(List<LoadFigures> rounds, java.util.function.ToDoubleFunction<LoadFigures> figure) {
        double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
