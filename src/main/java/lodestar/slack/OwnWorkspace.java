package lodestar.slack;

import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With one bot token, Lodestar serves the one workspace that token belongs to (or, for an org-wide install, its
 * Enterprise Grid organisation): a request from anywhere else is refused before any feature sees it, so that nothing
 * is stored or changed for a workspace Lodestar was never installed in. Until Slack has said whose the token is
 * ({@code auth.test} at start, retried while Slack cannot be reached), requests are refused as "try again".
 */
public final class OwnWorkspace implements Middleware {
    private static final Logger log = LoggerFactory.getLogger(OwnWorkspace.class);
    static final String NOT_YET = "Lodestar is still connecting to Slack. Please try again in a minute.";
    static final String ELSEWHERE = "This Lodestar is installed for another workspace, so it can't act here.";

    private final AtomicReference<SlackConnection.Workspace> own = new AtomicReference<>();

    /** The workspace the bot token belongs to, as Slack named it. */
    public void set(SlackConnection.Workspace workspace) {
        own.set(workspace);
    }

    @Override
    @SuppressWarnings("rawtypes") // Bolt's Middleware takes a raw Request
    public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
        if (req.getRequestType() == RequestType.UrlVerification || req.getRequestType() == RequestType.SSLCheck) {
            return chain.next(req); // Slack checking the endpoint, for no workspace
        }
        var workspace = own.get();
        if (workspace != null
                && accepts(
                        workspace,
                        req.getContext().getTeamId(),
                        req.getContext().getEnterpriseId())) {
            return chain.next(req);
        }
        if (workspace != null) {
            log.warn(
                    "Refused a {} request from workspace {} (enterprise {}): this bot serves {}",
                    req.getRequestType(),
                    req.getContext().getTeamId(),
                    req.getContext().getEnterpriseId(),
                    workspace.teamId());
        }
        return BoltApp.refusal(req, workspace == null ? 503 : 401, workspace == null ? NOT_YET : ELSEWHERE);
    }

    static boolean accepts(SlackConnection.Workspace own, String teamId, String enterpriseId) {
        boolean sameTeam = own.teamId() != null && own.teamId().equals(teamId);
        boolean sameOrg = own.enterpriseId() != null && own.enterpriseId().equals(enterpriseId);
        return sameTeam
                ? own.enterpriseId() == null || enterpriseId == null || Objects.equals(own.enterpriseId(), enterpriseId)
                : sameOrg && own.teamId() == null;
    }
}
