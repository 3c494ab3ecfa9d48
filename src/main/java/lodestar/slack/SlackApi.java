package lodestar.slack;

import com.google.gson.Gson;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.model.view.View;
import com.slack.api.util.json.GsonFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way Lodestar calls Slack's Web API: retries a rate-limited call after Slack's
 * {@code Retry-After}, and logs every failure with the method and Slack's error code instead of
 * throwing, so a failed post never breaks the work around it.
 */
public final class SlackApi {
    private static final Logger log = LoggerFactory.getLogger(SlackApi.class);

    /** One Web API call made with the bot's client. */
    @FunctionalInterface
    public interface Call<T extends SlackApiTextResponse> {
        T on(MethodsClient client) throws IOException, SlackApiException;
    }

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** The error of a call for a workspace Lodestar is not installed in: final, nothing to try again. */
    public static final String NOT_INSTALLED = "not_installed";

    private static final Gson GSON = GsonFactory.createSnakeCase();
    private static final Set<String> RETRYABLE_ERRORS = Set.of(
            "ratelimited",
            "rate_limited",
            "http_429",
            "unreachable",
            "interrupted",
            "internal_error",
            "fatal_error",
            "service_unavailable",
            "request_timeout");

    private final Slack slack;
    private final Tokens tokens;
    private final String teamId;
    private final Sleeper sleeper;
    /** Reads every Web API answer of this Slack client ({@link SharedJsonMethods}), shared by all its teams. */
    private final Optional<Gson> json;

    private final SlackRetries retries;

    private volatile Client client; // the last token's client, made once per token

    /** The token's client: a client is cheap, but one per call would be waste. */
    private record Client(String token, MethodsClient methods) {}

    public SlackApi(Slack slack, Tokens tokens, Sleeper sleeper) {
        this(slack, tokens, null, sleeper);
    }

    public SlackApi(Slack slack, String botToken, Sleeper sleeper) {
        this(slack, Tokens.single(botToken), null, sleeper);
    }

    public SlackApi(Slack slack, String botToken) {
        this(slack, botToken, duration -> Thread.sleep(duration.toMillis()));
    }

    private SlackApi(Slack slack, Tokens tokens, String teamId, Sleeper sleeper) {
        this(slack, tokens, teamId, sleeper, SharedJsonMethods.gsonFor(slack.getConfig()));
    }

    private SlackApi(Slack slack, Tokens tokens, String teamId, Sleeper sleeper, Optional<Gson> json) {
        this.slack = slack;
        this.tokens = tokens;
        this.teamId = teamId;
        this.sleeper = sleeper;
        this.json = json;
        this.retries = new SlackRetries(this::client, teamId, sleeper);
    }

    /**
     * The Web API as the bot of {@code teamId}'s installation: every call acts for that workspace, with its token (looked
     * up at each call, so a rotated token is used at once). A workspace Lodestar is not installed in gets
     * {@code not_installed}, which is final.
     */
    public SlackApi forTeam(String teamId) {
        return new SlackApi(slack, tokens, teamId, sleeper, json);
    }

    private Optional<MethodsClient> client() {
        var token = tokens.botToken(teamId);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        var last = client;
        if (last == null || !last.token().equals(token.get())) {
            String bot = token.get();
            last = new Client(
                    bot,
                    json.<MethodsClient>map(gson -> new SharedJsonMethods(slack.getHttpClient(), bot, gson))
                            .orElseGet(() -> slack.methods(bot)));
            client = last;
        }
        return Optional.of(last.methods());
    }

    /**
     * A Slack client for the Web API at {@code methodsUrl}, whose every HTTP call (connecting, sending, reading
     * Slack's answer) takes at most {@code callTimeout} in all: OkHttp alone bounds each read, not the call, so
     * a slow Slack could hold a thread for much longer. A call that runs out of time fails as
     * {@code unreachable}.
     */
    public static Slack client(String methodsUrl, Duration callTimeout) {
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("A Slack call needs time to run, not " + callTimeout);
        }
        var config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(methodsUrl);
        config.setHttpClientCallTimeoutMillis(Math.toIntExact(callTimeout.toMillis()));
        // The SDK's call metrics (unused here) call auth.test before a token's first call, and log each failure with
        // a stack trace: offline, every call would.
        config.setStatsEnabled(false);
        return Slack.getInstance(config);
    }

    /**
     * Answers an interaction through its {@code response_url} (a slash command's or an action's), for
     * work done after the ack. The message is a Bolt response type such as {@code SlashCommandResponse}.
     */
    public void respond(String responseUrl, Object message) {
        try {
            var response = slack.send(responseUrl, GSON.toJson(message));
            if (response.getCode() != 200) {
                log.warn("Slack response_url failed: HTTP {} {}", response.getCode(), response.getBody());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Slack response_url failed: {}", e.toString());
        }
    }

    /** Tells the person who clicked a button, and only them, without replacing the message they clicked on. */
    public void tell(String responseUrl, String text) {
        respond(
                responseUrl,
                ActionResponse.builder()
                        .responseType("ephemeral")
                        .replaceOriginal(false)
                        .text(text)
                        .build());
    }

    /**
     * Opens {@code view} for the slash command that asked for it (its trigger id lives three seconds); when Slack did
     * not open it, the person is told so through the command's response_url, in {@code notOpened}'s words. True when
     * it opened.
     */
    public boolean openForm(SlashCommandPayload command, View view, String notOpened) {
        var opened = forTeam(command.getTeamId())
                .call(
                        "views.open",
                        client -> client.viewsOpen(
                                r -> r.triggerId(command.getTriggerId()).view(view)));
        if (opened.isEmpty()) {
            respond(
                    command.getResponseUrl(),
                    SlashCommandResponse.builder()
                            .responseType("ephemeral")
                            .text(notOpened)
                            .build());
        }
        return opened.isPresent();
    }

    /** A call's outcome: Slack's response when it said ok, or else Slack's error code (or what went wrong). */
    public record Result<T>(Optional<T> response, String error, Optional<Duration> retryAfter) {
        public Result(Optional<T> response, String error) {
            this(response, error, Optional.empty());
        }

        public boolean ok() {
            return response.isPresent();
        }

        /**
         * True when the call failed for a reason that may pass (rate limits, Slack's own errors, the network), so it
         * is worth trying again later; false when it succeeded or when trying again would fail the same way (a
         * missing channel, a removed user, a missing scope).
         */
        public boolean retryable() {
            return !ok() && error != null && (RETRYABLE_ERRORS.contains(error) || error.startsWith("http_5"));
        }

        /** Slack said to slow down (HTTP 429, or {@code ratelimited}): nothing was done. */
        public boolean rateLimited() {
            return retryAfter.isPresent()
                    || "ratelimited".equals(error)
                    || "rate_limited".equals(error)
                    || "http_429".equals(error);
        }

        /**
         * A failure that may pass and may have come after Slack acted: the network dropped the answer, or Slack's
         * own error ({@code fatal_error}: "some aspect of the operation" may have succeeded). A post that failed so
         * may be in the channel.
         */
        public boolean inDoubt() {
            return retryable() && !rateLimited();
        }
    }

    /** Calls {@code method}; returns its response when Slack said ok, or empty after logging why not. */
    public <T extends SlackApiTextResponse> Optional<T> call(String method, Call<T> call) {
        return attempt(method, call).response();
    }

    /** Like {@link #call}, but says why a call failed, for messages that tell the user. */
    public <T extends SlackApiTextResponse> Result<T> attempt(String method, Call<T> call) {
        return retries.attempt(method, call, SlackRetries.MAX_ATTEMPTS);
    }

    /**
     * One try, never waiting out a rate limit: for calls made before a 3-second ack, where a
     * {@code Retry-After} wait would miss it.
     */
    public <T extends SlackApiTextResponse> Result<T> attemptOnce(String method, Call<T> call) {
        return retries.attempt(method, call, 1);
    }

    /**
     * For calls that only read (users.info and the like), so that trying again can never do anything twice: retries
     * every failure that may pass (rate limits, Slack's own errors, the network), after Slack's {@code Retry-After}
     * or a short back-off.
     */
    public <T extends SlackApiTextResponse> Result<T> read(String method, Call<T> call) {
        return retries.read(method, call);
    }

    /**
     * Like {@link #attempt}, but waits out a rate limit only while the waits add up to at most {@code maxWait}: a
     * longer {@code Retry-After} is returned with the failure, for the caller to try again later.
     */
    public <T extends SlackApiTextResponse> Result<T> attemptWaitingAtMost(
            String method, Call<T> call, Duration maxWait) {
        return retries.attempt(method, call, SlackRetries.MAX_ATTEMPTS, maxWait);
    }
}
