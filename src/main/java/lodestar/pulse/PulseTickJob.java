package lodestar.pulse;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Quartz's entry to the pulse clockwork, every minute on one instance of the cluster. It only enqueues what is due;
 * the courier's background senders deliver it.
 */
@DisallowConcurrentExecution
final class PulseTickJob implements Job {
    private final PulseRunner runner;

    PulseTickJob(PulseRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) {
        runner.tick();
    }
}
