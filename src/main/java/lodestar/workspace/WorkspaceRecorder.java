package lodestar.workspace;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.middleware.MiddlewareOps;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import java.time.Duration;
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
    /**
     * Workspaces this instance recorded lately: not asked about again on every request (at hundreds of requests a
     * second, that was a task per request on the long-job threads). Settings are read through
     * {@link WorkspaceService#settings}, which records a workspace it does not find, so a workspace deleted meanwhile
     * (uninstalled) is recorded again when it is used.
     */
    private final Cache<String, Boolean> recorded = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(10))
            .maximumSize(100_000)
            .build();

    WorkspaceRecorder(WorkspaceService service, Executor afterAck) {
        this.service = service;
        this.afterAck = afterAck;
    }

    /** Forgets which workspaces were recorded: they are asked about again (their rows were deleted). */
    void forgetRecorded() {
        recorded.invalidateAll();
    }

    @Override
    @SuppressWarnings("rawtypes") // Bolt's Middleware takes a raw Request
    public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
        String teamId = req.getContext().getTeamId();
        String enterpriseId = req.getContext().getEnterpriseId();
        // Not for the events that uninstall: recording would bring back the workspace they delete.
        String key = teamId + "/" + enterpriseId;
        if (teamId != null
                && !MiddlewareOps.isNoTokenRequiredRequest(req)
                && recorded.asMap().putIfAbsent(key, Boolean.TRUE) == null) {
            // After the ack, so that a slow or stopped database never delays it.
            try {
                afterAck.execute(() -> {
                    try {
                        service.record(teamId, enterpriseId);
                    } catch (RuntimeException e) {
                        recorded.invalidate(key);
                        log.warn("Could not record workspace {}: {}", teamId, e.toString());
                    }
                });
            } catch (RejectedExecutionException busy) {
                // a full queue: the workspace is recorded on a later request (or was at start); the request goes on
                recorded.invalidate(key);
            }
        }
        return chain.next(req);
    }
}
