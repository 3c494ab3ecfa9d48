package lodestar.digest;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Quartz's entries to the digest: deliveries every few minutes, and the daily refresh of active members. */
final class DigestJobs {
    private DigestJobs() {}

    /**
     * Enqueues and delivers the digests that have come due; a digest that failed for a reason that may pass is left
     * to the outbox's background senders, which retry it with back-off.
     */
    @DisallowConcurrentExecution
    static final class Deliver implements Job {
        private final DigestSender sender;

        Deliver(DigestSender sender) {
            this.sender = sender;
        }

        @Override
        public void execute(JobExecutionContext context) {
            sender.tick();
        }
    }

    @DisallowConcurrentExecution
    static final class RefreshMembers implements Job {
        private final lodestar.workspace.WorkspaceService workspace;

        RefreshMembers(lodestar.workspace.WorkspaceService workspace) {
            this.workspace = workspace;
        }

        @Override
        public void execute(JobExecutionContext context) {
            workspace.teams().forEach(workspace::refreshMembers);
        }
    }
}
