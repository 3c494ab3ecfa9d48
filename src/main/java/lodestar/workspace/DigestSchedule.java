package lodestar.workspace;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/** When the weekly digest goes out: a day and time, in each leader's own time zone. */
public record DigestSchedule(DayOfWeek day, LocalTime time, ZoneId channelZone) {
    public static final DigestSchedule DEFAULT =
            new DigestSchedule(DayOfWeek.MONDAY, LocalTime.of(9, 0), ZoneId.of("UTC"));

    /** This week's delivery time for someone in {@code zone}: the digest day and time of the ISO week of {@code now}. */
    public ZonedDateTime dueThisWeek(Instant now, ZoneId zone) {
        var local = now.atZone(zone);
        return local.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .with(TemporalAdjusters.nextOrSame(day))
                .with(time)
                .withSecond(0)
                .withNano(0);
    }

    /** The ISO week a delivery belongs to, e.g. 2026-W48. */
    public static String week(ZonedDateTime due) {
        return due.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                + String.format("%02d", due.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
