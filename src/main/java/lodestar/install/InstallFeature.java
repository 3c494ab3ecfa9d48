package lodestar.install;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.middleware.MiddlewareOps;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.service.builtin.oauth.OAuthV2AccessErrorHandler;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.event.AppUninstalledEvent;
import com.slack.api.model.event.TeamAccessRevokedEvent;
import com.slack.api.model.event.TokensRevokedEvent;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import lodestar.Config;
import lodestar.inbox.Inbox;
import lodestar.schedule.Scheduler;
import lodestar.secret.ServerSecret;
import lodestar.slack.BoltApp;
import lodestar.workspace.WorkspaceService;
import org.jooq.DSLContext;

/**
 * Installing Lodestar: "Add to Slack" for many workspaces (Bolt's OAuth flow at {@code /slack/install} and
 * {@code /slack/oauth_redirect}, installations in the database with sealed tokens), and, in either mode, deleting a
 * workspace's data when Lodestar is uninstalled from it or its tokens are revoked.
 */
public final class InstallFeature {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(InstallFeature.class);

    /** Where the install begins, and where Slack sends the installer back: under Bolt's app path. */
    public static final String APP_PATH = "/slack";

    public static final String INSTALL_PATH = "/install";
    /** The bot scopes an install asks for: those of manifest.yml (ManifestTest holds the two together). */
    public static final List<String> BOT_SCOPES = List.of(
            "channels:history",
            "channels:join",
            "channels:read",
            "chat:write",
            "chat:write.public",
            "commands",
            "files:write",
            "groups:history",
            "groups:read",
            "im:history",
            "im:write",
            "reactions:read",
            "usergroups:read",
            "users:read");

    public static final String REDIRECT_PATH = "/oauth_redirect";

    private final Optional<Installations> installations;
    private final DSLContext dsl;
    private final Clock clock;

    private InstallFeature(Optional<Installations> installations, DSLContext dsl, Clock clock) {
        this.installations = installations;
        this.dsl = dsl;
        this.clock = clock;
    }

    /** For many workspaces: installations whose tokens are sealed with a key from the server secret. */
    public static InstallFeature manyWorkspaces(
            DSLContext dsl, ServerSecret secret, MethodsClient slack, Config.OAuthApp app, Clock clock) {
        return new InstallFeature(Optional.of(new Installations(dsl, secret, slack, app)), dsl, clock);
    }

    /** For the one workspace of a bot token: nothing to install, only data to delete when uninstalled. */
    public static InstallFeature oneWorkspace(DSLContext dsl, Clock clock) {
        return new InstallFeature(Optional.empty(), dsl, clock);
    }

    /** The installations, when Lodestar serves many workspaces: the token of each. */
    public Optional<Installations> installations() {
        return installations;
    }

    /** The pages an installer returns to: what happened and what to do next. */
    public static com.slack.api.bolt.service.builtin.oauth.view.OAuthRedirectUriPageRenderer pages() {
        return new InstallPages();
    }

    private static Response refused(Response response, int status, String page) {
        response.setStatusCode(status);
        response.setContentType("text/html; charset=utf-8");
        response.setBody(page);
        return response;
    }

    /**
     * Remembers the organisation of each workspace a request comes from, so that work done later for the workspace
     * (a scheduled post, a delivery) finds its organisation's org-wide installation.
     */
    public void rememberOrganisations(BoltApp bolt, WorkspaceService workspace) {
        if (installations.isEmpty()) {
            return;
        }
        var all = installations.get();
        // Before Bolt's authorisation, which puts the token's own team in the context: here it is the request's.
        bolt.useBeforeAuthorization((request, response, chain) -> {
            String teamId = request.getContext().getTeamId();
            String enterpriseId = request.getContext().getEnterpriseId();
            if (teamId != null
                    && enterpriseId != null
                    && !MiddlewareOps.isNoTokenRequiredRequest(request)
                    && all.organisationUnknown(teamId)
                    && all.find(enterpriseId, teamId).isPresent()) {
                workspace.record(teamId, enterpriseId);
                all.organisationRecorded(teamId);
            }
            return chain.next(request);
        });
    }

    /**
     * Refusals are pages that say what happened and what to do, with a status that says it failed; an installation
     * that could not be stored says so without Bolt's exception text.
     */
    private static void pages(App bolt) {
        var pages = new InstallPages();
        String again = APP_PATH + INSTALL_PATH;
        bolt.oauthCallbackStateError((request, response) ->
                refused(response, 400, pages.renderFailurePage(again, "the install link expired or was already used")));
        bolt.oauthCallbackAccessError((OAuthV2AccessErrorHandler)
                (request, response, slack) -> refused(response, 400, pages.renderFailurePage(again, slack.getError())));
        bolt.oauthCallbackError((request, response) -> refused(
                response,
                400,
                pages.renderFailurePage(
                        again, String.valueOf(request.getPayload().getError()))));
        bolt.oauthCallbackException((request, response, e) ->
                refused(response, 500, pages.renderFailurePage(again, "an error on our side")));
        bolt.oauthPersistenceErrorCallback(args -> {
            log.error("Storing an installation failed", args.getError());
            refused(args.getResponse(), 500, pages.renderFailurePage(again, "an error on our side"));
        });
    }

    /**
     * Deleting is done after the ack (Slack sends the event again if the ack is late), and deletes exactly what the
     * event names, so that the second of {@code app_uninstalled} and {@code tokens_revoked}, or a retry, deletes
     * nothing more. The event is recorded in the inbox before the ack, so that its deletion survives the instance;
     * when it cannot be recorded, the ack fails and Slack sends the event again.
     */
    public void register(App bolt, Scheduler scheduler, Inbox inbox) {
        installations.ifPresent(store -> {
            bolt.service(new InstallationStore(store, clock));
            bolt.service(new OAuthStates(dsl, clock));
            pages(bolt);
        });
        var uninstall = new Uninstall(dsl, installations, scheduler);
        inbox.register(Removal.JOB, payload -> Removal.parse(payload).apply(uninstall), true);
        bolt.event(AppUninstalledEvent.class, (payload, ctx) -> {
            record(
                    inbox,
                    payload,
                    new Removal(
                            payload.getEnterpriseId(),
                            payload.getTeamId(),
                            orgWide(payload),
                            "app_uninstalled",
                            List.of()));
            return ctx.ack();
        });
        bolt.event(TokensRevokedEvent.class, (payload, ctx) -> {
            var bots = payload.getEvent().getTokens() == null
                    ? null
                    : payload.getEvent().getTokens().getBot();
            if (bots != null && !bots.isEmpty()) {
                record(
                        inbox,
                        payload,
                        new Removal(
                                payload.getEnterpriseId(),
                                payload.getTeamId(),
                                orgWide(payload),
                                "tokens_revoked",
                                List.of()));
            }
            return ctx.ack();
        });
        bolt.event(TeamAccessRevokedEvent.class, (payload, ctx) -> {
            // An org-wide install taken out of some of the organisation's workspaces: their data goes, the install
            // stays.
            var teams = payload.getEvent().getTeamIds() == null
                    ? List.<String>of()
                    : payload.getEvent().getTeamIds();
            record(inbox, payload, new Removal(null, payload.getTeamId(), false, "team_access_revoked", teams));
            return ctx.ack();
        });
    }

    private static void record(Inbox inbox, EventsApiPayload<?> event, Removal removal) {
        String team = event.getTeamId() != null
                ? event.getTeamId()
                : java.util.Objects.requireNonNullElse(event.getEnterpriseId(), "");
        inbox.accept(Removal.JOB, team, "event:" + event.getEventId(), removal.json());
    }

    /** Whether the event is about an org-wide install, as its authorisation says. */
    private static boolean orgWide(EventsApiPayload<?> payload) {
        return payload.getAuthorizations() != null
                && !payload.getAuthorizations().isEmpty()
                && Boolean.TRUE.equals(payload.getAuthorizations().get(0).getIsEnterpriseInstall());
    }
}
