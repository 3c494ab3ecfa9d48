package lodestar.pulse;

import java.util.List;
import java.util.OptionalDouble;

/** The pulse figures of docs/figures.md, computed from answer counts. */
public final class PulseMath {
    private PulseMath() {}

    /** eNPS from counts of 0–10 answers (index = score): %promoters (9–10) − %detractors (0–6), rounded. */
    public static int enps(long[] counts) {
        long total = sum(counts);
        if (total == 0) {
            return 0;
        }
        long promoters = counts[9] + counts[10];
        long detractors = 0;
        for (int score = 0; score <= 6; score++) {
            detractors += counts[score];
        }
        return (int) Math.round(100.0 * (promoters - detractors) / total);
    }

    /** Percentage of {@code part} in {@code total}, rounded; 0 when there is no total. */
    public static int percent(long part, long total) {
        return total == 0 ? 0 : (int) Math.round(100.0 * part / total);
    }

    /** Mean of 1–5 agreement answers (index = answer − 1), to one decimal. */
    public static double mean(long[] counts) {
        return mean(counts, 1);
    }

    /** Mean of 0–10 answers (index = score), to one decimal. */
    public static double scaleMean(long[] counts) {
        return mean(counts, 0);
    }

    /** Mean of answers whose counts start at answer {@code first}, to one decimal; 0 with none. */
    private static double mean(long[] counts, int first) {
        long total = sum(counts);
        if (total == 0) {
            return 0;
        }
        long weighted = 0;
        for (int i = 0; i < counts.length; i++) {
            weighted += (long) (i + first) * counts[i];
        }
        return Math.round(10.0 * weighted / total) / 10.0;
    }

    /** Share of 4s and 5s among 1–5 agreement answers, as an exact percentage. */
    public static double favourable(long[] counts) {
        long total = sum(counts);
        return total == 0 ? 0 : 100.0 * (counts[3] + counts[4]) / total;
    }

    /** The CX belief score: the mean % favourable over the belief statements. */
    public static OptionalDouble beliefScore(List<Double> favourableShares) {
        return favourableShares.stream().mapToDouble(Double::doubleValue).average();
    }

    static long sum(long[] counts) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }
}
