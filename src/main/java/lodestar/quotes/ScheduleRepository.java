package lodestar.quotes;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.QUOTE_SCHEDULE;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** Daily quote schedules, and the problem each one's owner was last told about. Runs in the caller's transaction. */
final class ScheduleRepository {
    private final DSLContext dsl;

    ScheduleRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    void saveSchedule(String teamId, Schedule schedule, Instant at) {
        dsl.insertInto(QUOTE_SCHEDULE)
                .set(QUOTE_SCHEDULE.TEAM_ID, teamId)
                .set(QUOTE_SCHEDULE.CHANNEL_ID, schedule.channelId())
                .set(QUOTE_SCHEDULE.LOCAL_TIME, schedule.time())
                .set(QUOTE_SCHEDULE.ZONE, schedule.zone().getId())
                .set(QUOTE_SCHEDULE.DAYS, schedule.days())
                .set(QUOTE_SCHEDULE.OWNER_ID, schedule.ownerId())
                .set(QUOTE_SCHEDULE.CREATED_AT, utc(at))
                .onConflict(QUOTE_SCHEDULE.TEAM_ID, QUOTE_SCHEDULE.CHANNEL_ID)
                .doUpdate()
                .set(QUOTE_SCHEDULE.LOCAL_TIME, schedule.time())
                .set(QUOTE_SCHEDULE.ZONE, schedule.zone().getId())
                .set(QUOTE_SCHEDULE.DAYS, schedule.days())
                .set(QUOTE_SCHEDULE.OWNER_ID, schedule.ownerId())
                .setNull(QUOTE_SCHEDULE.PROBLEM)
                .execute();
    }

    boolean deleteSchedule(String teamId, String channelId) {
        return dsl.deleteFrom(QUOTE_SCHEDULE)
                        .where(QUOTE_SCHEDULE.TEAM_ID.eq(teamId), QUOTE_SCHEDULE.CHANNEL_ID.eq(channelId))
                        .execute()
                == 1;
    }

    List<Schedule> schedules(String teamId) {
        return dsl.selectFrom(QUOTE_SCHEDULE)
                .where(QUOTE_SCHEDULE.TEAM_ID.eq(teamId))
                .orderBy(QUOTE_SCHEDULE.CHANNEL_ID)
                .fetch(r -> new Schedule(
                        r.getChannelId(), r.getLocalTime(), ZoneId.of(r.getZone()), r.getDays(), r.getOwnerId()));
    }

    Optional<Schedule> schedule(String teamId, String channelId) {
        return schedules(teamId).stream()
                .filter(s -> s.channelId().equals(channelId))
                .findFirst();
    }

    /** Records the problem the schedule's owner is told about; false when they were told already. */
    boolean noteProblem(String teamId, String channelId, String problem) {
        return dsl.update(QUOTE_SCHEDULE)
                        .set(QUOTE_SCHEDULE.PROBLEM, problem)
                        .where(
                                QUOTE_SCHEDULE.TEAM_ID.eq(teamId),
                                QUOTE_SCHEDULE.CHANNEL_ID.eq(channelId),
                                QUOTE_SCHEDULE.PROBLEM.isDistinctFrom(problem))
                        .execute()
                == 1;
    }

    void clearProblem(String teamId, String channelId) {
        dsl.update(QUOTE_SCHEDULE)
                .setNull(QUOTE_SCHEDULE.PROBLEM)
                .where(QUOTE_SCHEDULE.TEAM_ID.eq(teamId), QUOTE_SCHEDULE.CHANNEL_ID.eq(channelId))
                .execute();
    }
}
