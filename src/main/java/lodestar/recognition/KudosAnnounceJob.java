package lodestar.recognition;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Quartz's entry to announcing the kudos whose announcement did not finish, every minute on one instance. */
@DisallowConcurrentExecution
final class KudosAnnounceJob implements Job {
    private final KudosAnnouncer announcer;

    KudosAnnounceJob(KudosAnnouncer announcer) {
        this.announcer = announcer;
    }

    @Override
    public void execute(JobExecutionContext context) {
        announcer.announceUnfinished();
    }
}
