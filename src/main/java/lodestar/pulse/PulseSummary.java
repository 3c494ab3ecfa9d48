package lodestar.pulse;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Pulse figures for the digest: one point per closed run that met its minimum group size (never a number below
 * it), oldest first.
 */
public record PulseSummary(List<Point> points) {
    public PulseSummary {
        points = List.copyOf(points);
    }

    /** One run's figures, when it closed. */
    public record Point(Instant closedAt, Optional<Integer> enps, Optional<Double> belief, int responseRate) {}

    /** The points known at {@code asOf}. */
    public PulseSummary asOf(Instant asOf) {
        return new PulseSummary(
                points.stream().filter(point -> !point.closedAt().isAfter(asOf)).toList());
    }

    /** The latest eNPS values, at most {@code count}, oldest first. */
    public List<Integer> enpsHistory(int count) {
        var values = points.stream().flatMap(point -> point.enps().stream()).toList();
        return values.subList(Math.max(0, values.size() - count), values.size());
    }

    public List<Double> beliefHistory(int count) {
        var values = points.stream().flatMap(point -> point.belief().stream()).toList();
        return values.subList(Math.max(0, values.size() - count), values.size());
    }

    public Optional<Integer> enps() {
        var history = enpsHistory(1);
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(0));
    }

    public Optional<Double> belief() {
        var history = beliefHistory(1);
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(0));
    }

    public Optional<Integer> responseRate() {
        return points.isEmpty()
                ? Optional.empty()
                : Optional.of(points.get(points.size() - 1).responseRate());
    }
}
