package lodestar.dashboard;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import lodestar.recognition.ValueMonths;

/**
 * The values named in kudos, one row per value and one column per calendar month (UTC) of the period, the first and
 * last months only in part; the most-used value first. A month without kudos is still a column.
 */
public record ValueTable(List<YearMonth> months, List<Row> rows) {
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);

    /** A value and its kudos in each month of the table, in the order of its months. */
    public record Row(String value, List<Integer> counts, int total) {
        public Row {
            counts = List.copyOf(counts);
        }

        /** The value as people type it. */
        public String tag() {
            return "#" + value;
        }
    }

    public ValueTable {
        months = List.copyOf(months);
        rows = List.copyOf(rows);
    }

    static ValueTable of(List<ValueMonths.Use> uses, Instant from, Instant to) {
        List<YearMonth> months = new ArrayList<>();
        var last = YearMonth.from(to.minusNanos(1).atOffset(ZoneOffset.UTC));
        for (var month = YearMonth.from(from.atOffset(ZoneOffset.UTC));
                !month.isAfter(last);
                month = month.plusMonths(1)) {
            months.add(month);
        }
        Map<String, int[]> counts = new TreeMap<>();
        for (var use : uses) {
            int column = months.indexOf(use.month());
            if (column >= 0) {
                counts.computeIfAbsent(use.value(), v -> new int[months.size()])[column] += use.kudos();
            }
        }
        var rows = counts.entrySet().stream()
                .map(entry -> {
                    var row = Arrays.stream(entry.getValue()).boxed().toList();
                    return new Row(
                            entry.getKey(),
                            row,
                            row.stream().mapToInt(Integer::intValue).sum());
                })
                .sorted(Comparator.comparingInt(Row::total).reversed().thenComparing(Row::value))
                .toList();
        return new ValueTable(months, rows);
    }

    public String label(YearMonth month) {
        return MONTH.format(month);
    }
}
