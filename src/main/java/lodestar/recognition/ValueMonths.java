package lodestar.recognition;

import static lodestar.db.schema.Tables.KUDOS;
import static lodestar.db.schema.Tables.KUDOS_VALUE;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * How often each value was named in kudos, month by month: one grouped query, for the dashboard (through
 * {@link RecognitionService#valueMonths}, which keeps the months past). Months are calendar
 * months in UTC, as the dashboard shows every date; withdrawn kudos are left out, as everywhere they are counted.
 */
public final class ValueMonths {
    /** {@code kudos} given in {@code month} named {@code value}. */
    public record Use(YearMonth month, String value, int kudos) {}

    private static final Field<LocalDateTime> MONTH =
            DSL.field("date_trunc('month', {0} at time zone 'UTC')", SQLDataType.LOCALDATETIME, KUDOS.GIVEN_AT);

    private final DSLContext dsl;

    ValueMonths(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The values named in the kudos given in [{@code from}, {@code to}), oldest month first, then by value. */
    List<Use> count(String teamId, Instant from, Instant to) {
        var kudos = DSL.count();
        return dsl.select(MONTH, KUDOS_VALUE.VALUE_NAME, kudos)
                .from(KUDOS_VALUE)
                .join(KUDOS)
                .on(KUDOS.ID.eq(KUDOS_VALUE.KUDOS_ID))
                .where(RecognitionRepository.givenIn(teamId, from, to))
                .groupBy(MONTH, KUDOS_VALUE.VALUE_NAME)
                .orderBy(MONTH, KUDOS_VALUE.VALUE_NAME)
                .fetch(r -> new Use(YearMonth.from(r.value1()), r.value2(), r.value3()));
    }
}
