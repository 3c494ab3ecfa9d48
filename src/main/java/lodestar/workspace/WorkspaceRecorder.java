package lodestar.workspace;

import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.middleware.MiddlewareOps;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the workspace of every request Bolt has authorised (a command, an action, an event), so that a workspace
 * that has only asked for {@code /cx help} is known too. It never fails the request: the handler may not need the
 * database at all.
 */
final class WorkspaceRecorder implements Middleware {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceRecorder.class);

    private final WorkspaceService service;
    private final Executor afterAck;

    WorkspaceRecorder(WorkspaceService service, Executor afterAck) {
        this.service = service;
        this.afterAck = afterAck;
    }

    @Override
    @SuppressWarnings("rawtypes") // Bolt's Middleware takes a raw Request
    public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
        String teamId = req.getContext().getTeamId();
        String enterpriseId = req.getContext().getEnterpriseId();
        // Not for the events that uninstall: recording would bring back the workspace they delete.
        if (teamId != null && !MiddlewareOps.isNoTokenRequiredRequest(req)) {
            // After the ack, so that a slow or stopped database never delays it.
            try {
                afterAck.execute(() -> {
                    try {
                        service.record(teamId, enterpriseId);
                    } catch (RuntimeException e) {
                        log.warn("Could not record workspace {}: {}", teamId, e.toString());
                    }
                });
            } catch (RejectedExecutionException busy) {
                // a full queue: the workspace is recorded on a later request (or was at start); the request goes on
            }
        }
        return chain.next(req);
    }
}
