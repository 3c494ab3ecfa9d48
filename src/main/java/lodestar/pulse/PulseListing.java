package lodestar.pulse;

import static lodestar.db.schema.Tables.PULSE_ANSWER;
import static lodestar.db.schema.Tables.PULSE_RECIPIENT;
import static lodestar.db.schema.Tables.PULSE_RUN;
import static lodestar.db.schema.Tables.PULSE_SERIES;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * What {@code /pulse list} shows, read before its ack in two queries whatever the number of series and runs: the
 * workspace's latest 20 series, then all their runs with how many were asked and how many answered.
 */
final class PulseListing {
    /** A series as listed: enough to name it and date its runs. */
    record Listed(long id, String title, Recurrence recurrence, boolean paused, ZoneId zone, List<ListedRun> runs) {}

    /** A run as listed. */
    record ListedRun(long id, Instant closesAt, boolean closed, int respondents, int audience) {}

    private static final int SERIES_SHOWN = 20;

    private PulseListing() {}

    static List<Listed> of(DSLContext dsl, String teamId) {
        Map<Long, Listed> series = new LinkedHashMap<>();
        dsl.select(PULSE_SERIES.ID, PULSE_SERIES.TITLE, PULSE_SERIES.RECURRENCE, PULSE_SERIES.PAUSED, PULSE_SERIES.ZONE)
                .from(PULSE_SERIES)
                .where(PULSE_SERIES.TEAM_ID.eq(teamId))
                .orderBy(PULSE_SERIES.ID.desc())
                .limit(SERIES_SHOWN)
                .forEach(r -> series.put(
                        r.value1(),
                        new Listed(
                                r.value1(),
                                r.value2(),
                                Recurrence.valueOf(r.value3().toUpperCase(Locale.ROOT)),
                                r.value4(),
                                ZoneId.of(r.value5()),
                                new ArrayList<>())));
        if (series.isEmpty()) {
            return List.of();
        }
        var audience = DSL.selectCount()
                .from(PULSE_RECIPIENT)
                .where(PULSE_RECIPIENT.RUN_ID.eq(PULSE_RUN.ID))
                // once closed, of those it was sent to; while open, of everyone it is for (DMs still to come too)
                .and(PULSE_RUN.CLOSED_AT.isNull().or(RunRepository.SENT_TO))
                .asField("audience");
        // Counted at close; while open, the distinct answer keys (no user id is stored with an answer).
        var respondents = DSL.coalesce(
                        PULSE_RUN.RESPONDENTS,
                        DSL.field(DSL.select(DSL.countDistinct(PULSE_ANSWER.ANSWER_KEY))
                                .from(PULSE_ANSWER)
                                .where(PULSE_ANSWER.RUN_ID.eq(PULSE_RUN.ID))))
                .as("respondents");
        dsl.select(PULSE_RUN.SERIES_ID, PULSE_RUN.ID, PULSE_RUN.CLOSES_AT, PULSE_RUN.CLOSED_AT, respondents, audience)
                .from(PULSE_RUN)
                .where(PULSE_RUN.SERIES_ID.in(series.keySet()))
                .orderBy(PULSE_RUN.OPENS_AT)
                .forEach(r -> series.get(r.value1())
                        .runs()
                        .add(new ListedRun(
                                r.value2(),
                                r.value3().toInstant(),
                                r.value4() != null,
                                ((Number) r.value5()).intValue(),
                                ((Number) r.value6()).intValue())));
        return List.copyOf(series.values());
    }
}
