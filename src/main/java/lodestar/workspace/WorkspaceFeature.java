package lodestar.workspace;

import com.slack.api.bolt.App;
import java.time.Clock;
import lodestar.inbox.Inbox;
import lodestar.slack.AfterAck;
import lodestar.slack.HomeTab;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackUsers;
import org.jooq.DSLContext;

/** Workspace settings: {@code /cx} and the settings part of the Home tab. */
public final class WorkspaceFeature {
    private final WorkspaceService service;
    private final SlackApi slack;
    private final AfterAck afterAck;
    private final WorkspaceRecorder recorder;
    private volatile DigestView digest;

    private WorkspaceFeature(WorkspaceService service, SlackApi slack, AfterAck afterAck) {
        this.service = service;
        this.slack = slack;
        this.afterAck = afterAck;
        this.recorder = new WorkspaceRecorder(service, afterAck.background());
    }

    public static WorkspaceFeature create(
            DSLContext dsl, SlackApi slack, SlackUsers users, Clock clock, AfterAck afterAck) {
        return new WorkspaceFeature(new WorkspaceService(dsl, users, clock), slack, afterAck);
    }

    /** The digest feature shows {@code /cx digest} through this. */
    public void setDigestView(DigestView digest) {
        this.digest = digest;
    }

    /**
     * Forgets which workspaces this instance recorded lately, and their settings, so that each is recorded and read
     * again on its next request: for when their rows were deleted by something other than a request (tests empty the
     * database between them).
     */
    public void forgetRecordedWorkspaces() {
        recorder.forgetRecorded();
        service.forgetSettings();
    }

    public WorkspaceService service() {
        return service;
    }

    public void register(App bolt, HomeTab home, Inbox inbox) {
        bolt.use(recorder);
        bolt.command(CxCommand.COMMAND, new CxCommand(service, slack, inbox, () -> digest));
        home.onOpened(service::settings);
        home.addSection((teamId, userId) ->
                WorkspaceMessages.home(service.settings(teamId, null), service.canManage(teamId, userId)));
    }
}
