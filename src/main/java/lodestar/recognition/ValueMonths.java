package lodestar.recognition;

import static lodestar.db.schema.Tables.KUDOS_VALUE;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * How often each value was named in kudos, month by month, for the dashboard. Months are calendar months in UTC, as
 * the dashboard shows every date; withdrawn kudos are left out, as everywhere they are counted. The period is counted
 * in pieces that end at a month's end or at midnight, so that every piece but today's is closed and kept (see
 * {@link ClosedWeeks}): a year of kudos is counted once a day at most, today's each time.
 */
public final class ValueMonths {
    /** {@code kudos} given in {@code month} named {@code value}. */
    public record Use(YearMonth month, String value, int kudos) {}

    private static final Field<LocalDateTime> MONTH =
            DSL.field("date_trunc('month', {0} at time zone 'UTC')", SQLDataType.LOCALDATETIME, KUDOS_VALUE.GIVEN_AT);

    private final DSLContext dsl;
    private final ClosedWeeks closed;
    private final Clock clock;

    ValueMonths(DSLContext dsl, ClosedWeeks closed, Clock clock) {
        this.dsl = dsl;
        this.closed = closed;
        this.clock = clock;
    }

    /** The values named in the kudos given in [{@code from}, {@code to}), oldest month first, then by value. */
    List<Use> count(String teamId, Instant from, Instant to) {
        Map<YearMonth, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (var piece : pieces(from, to)) {
            var uses = closed.period(
                    "values", teamId, piece.from(), piece.to(), () -> query(teamId, piece.from(), piece.to()));
            for (var use : uses) {
                counts.computeIfAbsent(use.month(), m -> new LinkedHashMap<>())
                        .merge(use.value(), use.kudos(), Integer::sum);
            }
        }
        List<Use> uses = new ArrayList<>();
        counts.forEach((month, values) -> values.forEach((value, kudos) -> uses.add(new Use(month, value, kudos))));
        uses.sort(Comparator.comparing(Use::month).thenComparing(Use::value));
        return uses;
    }

    private record Piece(Instant from, Instant to) {}

    /** [from, to) cut at each month's start and at today's midnight. */
    private List<Piece> pieces(Instant from, Instant to) {
        var today = clock.instant().truncatedTo(ChronoUnit.DAYS);
        List<Piece> pieces = new ArrayList<>();
        var start = from;
        while (start.isBefore(to)) {
            var nextMonth = YearMonth.from(start.atOffset(ZoneOffset.UTC))
                    .plusMonths(1)
                    .atDay(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
            var end = nextMonth.isBefore(to) ? nextMonth : to;
            if (start.isBefore(today) && today.isBefore(end)) {
                end = today;
            }
            pieces.add(new Piece(start, end));
            start = end;
        }
        return pieces;
    }

    private List<Use> query(String teamId, Instant from, Instant to) {
        var kudos = DSL.count();
        return dsl.select(MONTH, KUDOS_VALUE.VALUE_NAME, kudos)
                .from(KUDOS_VALUE)
                .where(RecognitionFigures.valuesGivenIn(teamId, from, to))
                .groupBy(MONTH, KUDOS_VALUE.VALUE_NAME)
                .fetch(r -> new Use(YearMonth.from(r.value1()), r.value2(), r.value3()));
    }
}
