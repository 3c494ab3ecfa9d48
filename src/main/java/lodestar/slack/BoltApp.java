package lodestar.slack;

import com.slack.api.Slack;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.handler.builtin.GlobalShortcutHandler;
import com.slack.api.bolt.handler.builtin.MessageShortcutHandler;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.builtin.MultiTeamsAuthorization;
import com.slack.api.bolt.middleware.builtin.SingleTeamAuthorization;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.service.builtin.oauth.view.OAuthRedirectUriPageRenderer;
import com.slack.api.bolt.util.EventsApiPayloadParser;
import com.slack.api.model.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.RejectedExecutionException;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bolt's app, remembering which commands, events and shortcuts the features registered, so that a
 * test can hold {@code manifest.yml} to exactly what the code handles; and answering "busy" when there is
 * no room for the work after the ack.
 */
public final class BoltApp extends App {
    static final String BUSY = "Lodestar is busy right now, so nothing was done. Please try again in a minute.";
    private static final Logger log = LoggerFactory.getLogger(BoltApp.class);

    private final Set<String> commands = new TreeSet<>();
    private final Set<String> events = new TreeSet<>();
    private final Set<String> shortcuts = new TreeSet<>();
    private final List<Middleware> pending = new ArrayList<>();
    private final List<Middleware> beforeAuthorization = new ArrayList<>();
    private boolean defaultsBuilt;
    private volatile boolean ready;

    public BoltApp(AppConfig config) {
        super(config);
    }

    /** Bolt for the one workspace of {@code botToken}. */
    public static BoltApp forOneWorkspace(Slack slack, String botToken, String signingSecret) {
        return new BoltApp(
                common(slack, signingSecret).singleTeamBotToken(botToken).build());
    }

    /**
     * Bolt for many workspaces, installed with OAuth v2 at {@code appPath + installPath}, Slack sending installers
     * back to {@code appPath + redirectPath}: straight to Slack's authorize page with {@code scopes} and a state.
     */
    public static BoltApp forManyWorkspaces(
            Slack slack,
            String clientId,
            String clientSecret,
            String signingSecret,
            List<String> scopes,
            String appPath,
            String installPath,
            String redirectPath,
            OAuthRedirectUriPageRenderer pages) {
        var bolt = new BoltApp(common(slack, signingSecret)
                .clientId(clientId)
                .clientSecret(clientSecret)
                .scope(String.join(",", scopes))
                .userScope("")
                .appPath(appPath)
                .oauthInstallPath(installPath)
                .oauthRedirectUriPath(redirectPath)
                .oAuthInstallPageRenderingEnabled(false)
                .oAuthRedirectUriPageRenderer(pages)
                // each workspace's token is checked once in 10 minutes, not before every ack
                .authTestCacheEnabled(true)
                .authTestCacheExpirationMillis(Duration.ofMinutes(10).toMillis())
                // Lodestar refreshes rotating tokens itself, earlier and under a lock: Bolt never needs to
                .tokenRotationExpirationMillis(Duration.ofMinutes(5).toMillis())
                .build());
        bolt.asOAuthApp(true);
        return bolt;
    }

    private static AppConfig.AppConfigBuilder common(Slack slack, String signingSecret) {
        return AppConfig.builder()
                .slack(slack)
                .signingSecret(signingSecret)
                // edited, deleted and bot messages in threads need no handler
                .subtypedMessageEventsAutoAckEnabled(true)
                // Every HTTP request from Slack passes SlackBridge's door first (its signature, its timestamp both
                // ways, replays); Bolt's own check would compute the same HMAC again for each. The install routes
                // carry no Slack request, and Socket Mode's requests no signature.
                .requestVerificationEnabled(false)
                // Bolt checks the token when it starts; calling auth.test again every 10 minutes, as it does
                // by default, would make a request thread wait on Slack before its ack.
                .authTestCacheExpirationMillis(-1);
    }

    /**
     * When the work after the ack cannot be queued ({@link AfterAck}), the request is answered without it, on the
     * request thread and without calling Slack: a command says so in its ack; anything else gets a 503, which
     * Slack shows as an error (a form stays open to be sent again) and for events answers by sending them again.
     */
    /**
     * Bolt starts (checking the token with {@code auth.test}) on its first request unless started before; Lodestar
     * starts it once Slack has answered its own check at start, so that a request thread never waits on that call.
     */
    @Override
    public App start() {
        var started = super.start();
        ready = true;
        return started;
    }

    @Override
    public Response run(Request request) throws Exception {
        if (!ready) {
            log.warn("A {} request came before Slack answered the bot's start-up check", request.getRequestType());
            return refusal(request, 503, OwnWorkspace.NOT_YET);
        }
        try {
            return PendingAnswer.during(request, () -> super.run(request));
        } catch (DataAccessException e) {
            if (!PendingAnswer.databaseDown(e)) {
                throw e;
            }
            log.warn("The database is unavailable; a {} request was answered so: {}", request.getRequestType(), e);
            return refusal(request, 503, PendingAnswer.DATABASE_DOWN);
        } catch (RejectedExecutionException e) {
            log.error("Too much work is waiting; a {} request was refused", request.getRequestType());
            return refusal(request, 503, BUSY);
        }
    }

    /**
     * A request answered without its handler: a command with an ephemeral message that says why; anything else
     * with {@code status}, which Slack shows as an error (a form stays open to be sent again) and for events
     * answers by sending them again.
     */
    @SuppressWarnings("rawtypes") // Bolt's Request
    static Response refusal(Request request, int status, String message) {
        if (request.getRequestType() == RequestType.Command) {
            return Response.json(
                    200,
                    SlashCommandResponse.builder()
                            .responseType("ephemeral")
                            .text(message)
                            .build());
        }
        return Response.builder().statusCode(status).body("").build();
    }

    /**
     * Bolt builds its own middleware (signature check, authorisation) on the first {@code use} or the first request,
     * calling {@code auth.test} to do so and throwing when Slack cannot be reached ("The token is invalid (error:
     * slack.com)"). Middleware added at start therefore waits here and joins Bolt's own when Bolt builds them for
     * the first request, so that a bot started while Slack is unreachable still starts.
     */
    @Override
    public synchronized App use(Middleware middleware) {
        if (!defaultsBuilt) {
            pending.add(middleware);
            return this;
        }
        return super.use(middleware);
    }

    /**
     * Middleware that must see the request as Slack sent it: Bolt's authorisation replaces the context's team with the
     * token's own, so a check of the request's team goes before it (and after the signature check).
     */
    public synchronized void useBeforeAuthorization(Middleware middleware) {
        beforeAuthorization.add(middleware);
    }

    @Override
    protected synchronized List<Middleware> buildDefaultMiddlewareList(AppConfig config) {
        var middleware = super.buildDefaultMiddlewareList(config);
        int authorization = 0;
        while (authorization < middleware.size()
                && !(middleware.get(authorization) instanceof SingleTeamAuthorization)
                && !(middleware.get(authorization) instanceof MultiTeamsAuthorization)) {
            authorization++;
        }
        middleware.addAll(authorization, beforeAuthorization);
        middleware.addAll(pending);
        defaultsBuilt = true;
        return middleware;
    }

    @Override
    public App command(String command, SlashCommandHandler handler) {
        commands.add(command);
        return super.command(command, handler);
    }

    @Override
    public <E extends Event> App event(Class<E> eventClass, BoltEventHandler<E> handler) {
        events.add(EventsApiPayloadParser.getEventTypeAndSubtype(eventClass));
        return super.event(eventClass, handler);
    }

    @Override
    public App messageShortcut(String callbackId, MessageShortcutHandler handler) {
        shortcuts.add(callbackId);
        return super.messageShortcut(callbackId, handler);
    }

    @Override
    public App globalShortcut(String callbackId, GlobalShortcutHandler handler) {
        shortcuts.add(callbackId);
        return super.globalShortcut(callbackId, handler);
    }

    public Set<String> commands() {
        return Set.copyOf(commands);
    }

    public Set<String> events() {
        return Set.copyOf(events);
    }

    public Set<String> shortcuts() {
        return Set.copyOf(shortcuts);
    }
}
