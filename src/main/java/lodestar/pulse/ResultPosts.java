package lodestar.pulse;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.PULSE_RESULT_POST;

import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/** Where each closed run's results were posted, so that announcing again posts only where they are missing. */
final class ResultPosts {
    private final DSLContext dsl;

    ResultPosts(DSLContext dsl) {
        this.dsl = dsl;
    }

    Set<String> destinations(long runId) {
        return dsl
                .select(PULSE_RESULT_POST.DESTINATION)
                .from(PULSE_RESULT_POST)
                .where(PULSE_RESULT_POST.RUN_ID.eq(runId))
                .fetchSet(PULSE_RESULT_POST.DESTINATION)
                .stream()
                .collect(Collectors.toUnmodifiableSet());
    }

    void record(String teamId, long runId, String destination, Instant at) {
        dsl.insertInto(PULSE_RESULT_POST)
                .set(PULSE_RESULT_POST.RUN_ID, runId)
                .set(PULSE_RESULT_POST.TEAM_ID, teamId)
                .set(PULSE_RESULT_POST.DESTINATION, destination)
                .set(PULSE_RESULT_POST.POSTED_AT, utc(at))
                .onConflictDoNothing()
                .execute();
    }
}
