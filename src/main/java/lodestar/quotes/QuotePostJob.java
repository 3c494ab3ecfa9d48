package lodestar.quotes;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Quartz's entry to a channel's daily quote. */
final class QuotePostJob implements Job {
    static final String TEAM = lodestar.schedule.Scheduler.TEAM;
    static final String CHANNEL = "channel";

    private final DailyQuote daily;

    QuotePostJob(DailyQuote daily) {
        this.daily = daily;
    }

    @Override
    public void execute(JobExecutionContext context) {
        var data = context.getMergedJobDataMap();
        // On time, the scheduled fire time is the cron time; after a misfire it is the restart time, and
        // DailyQuote maps it back to the day that was missed. A recovered firing (its instance died mid-way)
        // keeps the original scheduled fire time, so it finds that day's post instead of claiming another.
        daily.scheduled(
                data.getString(TEAM),
                data.getString(CHANNEL),
                context.getScheduledFireTime().toInstant());
    }
}
