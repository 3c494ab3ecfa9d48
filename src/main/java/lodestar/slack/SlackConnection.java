package lodestar.slack;

import com.slack.api.Slack;
import com.slack.api.methods.response.auth.AuthTestResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot token, checked with {@code auth.test} when the bot starts. A token Slack refuses stops the bot; a Slack it
 * cannot reach does not: the bot starts, warns once, and asks again in the background, backing off, until Slack
 * answers. Each answer names the bot's own workspace, which is handed on so that it is known from the first start.
 */
public final class SlackConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlackConnection.class);

    /** The bot's own workspace, as {@code auth.test} names it; {@code enterpriseId} only on Enterprise Grid. */
    public record Workspace(String teamId, String enterpriseId) {}

    private final Slack slack;
    private final String botToken;
    private final Backoff backoff;
    private final Consumer<Workspace> onAnswer;
    private final ScheduledExecutorService retries;
    private volatile String health = "unreachable";
    private int failures; // touched by the start and then only by the retries thread

    private SlackConnection(Slack slack, String botToken, Backoff backoff, Consumer<Workspace> onAnswer) {
        this.slack = slack;
        this.botToken = botToken;
        this.backoff = backoff;
        this.onAnswer = onAnswer;
        this.retries = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "lodestar-slack-check");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Checks the token now; throws {@link TokenRefused} when Slack refuses it. When Slack answers, its workspace goes
     * to {@code onAnswer} before this returns (later, if Slack cannot be reached now).
     */
    public static SlackConnection check(Slack slack, String botToken, Backoff backoff, Consumer<Workspace> onAnswer) {
        var connection = new SlackConnection(slack, botToken, backoff, onAnswer);
        var outcome = connection.authTest();
        if (outcome instanceof SlackCheck.Refused<AuthTestResponse> refused) {
            connection.close();
            throw TokenRefused.botToken(refused.error());
        }
        if (outcome instanceof SlackCheck.Answered<AuthTestResponse> answered) {
            try {
                connection.answered(answered.response());
            } catch (RuntimeException e) {
                log.warn("Slack answered, but the bot could not get ready ({}); trying again shortly", e.toString());
                connection.retryLater();
            }
        } else {
            var unreachable = (SlackCheck.Unreachable<AuthTestResponse>) outcome;
            log.warn(
                    "Slack could not be reached to check SLACK_BOT_TOKEN ({}); starting anyway, /healthz says"
                            + " \"slack\":\"unreachable\" until Slack answers",
                    unreachable.reason());
            connection.retryLater();
        }
        return connection;
    }

    /** For {@code /healthz}: {@code up}, {@code unreachable} (asking again in the background) or {@code refused}. */
    public String health() {
        return health;
    }

    private SlackCheck.Outcome<AuthTestResponse> authTest() {
        return SlackCheck.attempt(() -> slack.methods(botToken).authTest(r -> r));
    }

    private void retryLater() {
        failures++;
        retries.schedule(this::retry, backoff.delay(failures).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void retry() {
        var outcome = authTest();
        if (outcome instanceof SlackCheck.Answered<AuthTestResponse> answered) {
            try {
                answered(answered.response());
                log.info("Slack answers again: SLACK_BOT_TOKEN is valid");
            } catch (RuntimeException e) {
                log.warn("Slack answered, but the bot could not get ready ({}); trying again shortly", e.toString());
                retryLater();
            }
        } else if (outcome instanceof SlackCheck.Refused<AuthTestResponse> refused) {
            health = "refused";
            log.error(TokenRefused.botToken(refused.error()).getMessage());
        } else {
            var unreachable = (SlackCheck.Unreachable<AuthTestResponse>) outcome;
            log.debug("Slack still cannot be reached ({}), attempt {}", unreachable.reason(), failures);
            retryLater();
        }
    }

    /** Hands Slack's answer on; {@code up} only once that worked, so a failure there is tried again. */
    private void answered(AuthTestResponse response) {
        // An org-wide install on Enterprise Grid belongs to the organisation, not to one of its workspaces.
        String teamId = response.isEnterpriseInstall() || blank(response.getTeamId()) ? null : response.getTeamId();
        String enterpriseId = blank(response.getEnterpriseId()) ? null : response.getEnterpriseId();
        onAnswer.accept(new Workspace(teamId, enterpriseId));
        health = "up";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
