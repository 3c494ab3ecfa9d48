package lodestar;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import lodestar.LoadGenerator.Result;

/**
 * One round's figures of a path, for the medians over rounds (the measure: medians of three), and how the
 * benchmark computes and prints figures.
 */
record LoadFigures(
        double ackP99AtRate,
        double ackRatioAtRate,
        double ackP99Full,
        double ackRatioFull,
        double recordingRatioAtRate,
        double recordingRatioFull,
        double overRecordingAtRate,
        double overRecordingFull,
        double endToEndP50,
        double endToEndP99,
        double completedPerSecond,
        double cpuMillis) {
    static void printMedians(Map<String, List<LoadFigures>> byPath, int rate) {
        System.out.printf(
                "%nMedians of %d rounds%n", byPath.values().iterator().next().size());
        byPath.forEach((path, rounds) -> System.out.printf(
                Locale.ROOT,
                "  %s: at %d/s ack p99 %.1f ms (%.1fx bare%s), e2e p50/p99 %.1f/%.1f ms; at saturation ack p99 %.1f ms"
                        + " (%.1fx bare%s), completed %.0f/s, CPU %.2f ms per command%n",
                path,
                rate,
                median(rounds, LoadFigures::ackP99AtRate),
                median(rounds, LoadFigures::ackRatioAtRate),
                againstRecording(rounds, LoadFigures::recordingRatioAtRate, LoadFigures::overRecordingAtRate),
                median(rounds, LoadFigures::endToEndP50),
                median(rounds, LoadFigures::endToEndP99),
                median(rounds, LoadFigures::ackP99Full),
                median(rounds, LoadFigures::ackRatioFull),
                againstRecording(rounds, LoadFigures::recordingRatioFull, LoadFigures::overRecordingFull),
                median(rounds, LoadFigures::completedPerSecond),
                median(rounds, LoadFigures::cpuMillis)));
    }

    /** The recording app's median ratio to the bare app, and Lodestar's to it; nothing for a path it did not take. */
    private static String againstRecording(
            List<LoadFigures> rounds,
            ToDoubleFunction<LoadFigures> recordingRatio,
            ToDoubleFunction<LoadFigures> overRecording) {
        double ratio = median(rounds, recordingRatio);
        return Double.isNaN(ratio)
                ? ""
                : String.format(
                        Locale.ROOT,
                        "; the recording app %.1fx bare, Lodestar %.1fx the recording app",
                        ratio,
                        median(rounds, overRecording));
    }

    private static double median(List<LoadFigures> rounds, ToDoubleFunction<LoadFigures> figure) {
        double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /** The {@code p}th percentile of nanoseconds sorted, in milliseconds. */
    static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int at = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, at))) / 1e6;
    }

    static String ms(List<Long> sorted) {
        return String.format(
                Locale.ROOT,
                "%.1f/%.1f/%.1f ms",
                percentile(sorted, 50),
                percentile(sorted, 99),
                percentile(sorted, 99.9));
    }

    static double ratio(List<Long> own, List<Long> bare, double p) {
        return percentile(own, p) / percentile(bare, p);
    }

    /**
     * The recording app ({@link BareApps#recording}) against the bare app, and Lodestar against it: what recording a
     * command before its ack costs on this machine, and what Lodestar adds to that.
     */
    static void printRecording(
            int rate,
            Result bareRate,
            Result recordingRate,
            Result ownRate,
            Result bareFull,
            Result recordingFull,
            Result ownFull) {
        System.out.printf(
                Locale.ROOT,
                "  the recording app (each command committed before its ack): at %d/s ack p50/p99/p99.9 %s (p99 %.1fx"
                        + " bare)%s; at saturation %.0f req/s, ack p50/p99/p99.9 %s (p99 %.1fx bare)%s; Lodestar's p99"
                        + " against it: %.1fx at %d/s, %.1fx at saturation%n",
                rate,
                ms(recordingRate.acks()),
                ratio(recordingRate.acks(), bareRate.acks(), 99.0),
                refusals(recordingRate),
                recordingFull.perSecond(),
                ms(recordingFull.acks()),
                ratio(recordingFull.acks(), bareFull.acks(), 99.0),
                refusals(recordingFull),
                ratio(ownRate.acks(), recordingRate.acks(), 99.0),
                rate,
                ratio(ownFull.acks(), recordingFull.acks(), 99.0));
    }

    static String refusals(Result result) {
        return (result.busy() > 0 ? "; " + result.busy() + " acked \"busy\"" : "")
                + (result.failed() > 0 ? "; " + result.failed() + " not answered 2xx" : "");
    }

    /** The statements PostgreSQL spent most time on, and how many buffers each touched. */
    static void statements(EmbeddedPostgres postgres) throws Exception {
        try (var connection = postgres.getPostgresDatabase().getConnection();
                var statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            try (var rows = statement.executeQuery("SELECT calls, total_exec_time, shared_blks_hit, rows,"
                    + " left(regexp_replace(query, '\\s+', ' ', 'g'), 260) FROM pg_stat_statements"
                    + " ORDER BY total_exec_time DESC LIMIT 25")) {
                while (rows.next()) {
                    System.out.printf(
                            Locale.ROOT,
                            "%9d calls %9.0f ms %11d blocks %8d rows  %s%n",
                            rows.getLong(1),
                            rows.getDouble(2),
                            rows.getLong(3),
                            rows.getLong(4),
                            rows.getString(5));
                }
            }
        }
    }
}
