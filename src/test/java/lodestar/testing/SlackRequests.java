package lodestar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.app_backend.SlackSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Sends requests to the running bot as Slack does: form or JSON bodies, signed with the signing secret. */
public final class SlackRequests {
    public static final String SIGNING_SECRET = "test-signing-secret";
    public static final String CHANNEL = "C0GENERAL";

    /** The bot's HTTP answer. */
    /** Lodestar's HTTP answer, and how long it took (Slack wants it within 3 seconds). */
    public record Reply(int status, String body, Duration elapsed) {
        public JsonNode json() {
            try {
                return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }

        /** The text of the message in the ack, including its blocks' text. */
        public String text() {
            return FakeSlack.allText(json());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI endpoint;
    private final FakeSlack slack;
    private final String team;
    private final String enterprise;

    public SlackRequests(int port, FakeSlack slack) {
        this(URI.create("http://localhost:" + port + "/slack/events"), slack, FakeSlack.TEAM, null);
    }

    private SlackRequests(URI endpoint, FakeSlack slack, String team, String enterprise) {
        this.endpoint = endpoint;
        this.slack = slack;
        this.team = team;
        this.enterprise = enterprise;
    }

    /** The same requests, from workspace {@code team} (of organisation {@code enterprise}, or none when null). */
    public SlackRequests from(String team, String enterprise) {
        return new SlackRequests(endpoint, slack, team, enterprise);
    }

    /** A slash command typed by {@code userId} in the general channel. */
    public Reply command(String command, String text, String userId) {
        return command(command, text, userId, CHANNEL);
    }

    public Reply command(String command, String text, String userId, String channelId) {
        var form = new LinkedHashMap<String, String>();
        form.put("token", "legacy-verification-token");
        form.put("team_id", team);
        if (enterprise != null) {
            form.put("enterprise_id", enterprise);
        }
        form.put("team_domain", "acme");
        form.put("channel_id", channelId);
        form.put("channel_name", "general");
        form.put("user_id", userId);
        form.put("user_name", userId.toLowerCase());
        form.put("command", command);
        form.put("text", text);
        form.put("api_app_id", "A0LODESTAR");
        form.put("is_enterprise_install", "false");
        form.put("response_url", slack.responseUrl(UUID.randomUUID().toString()));
        form.put("trigger_id", "trigger-" + UUID.randomUUID());
        return post(formBody(form), "application/x-www-form-urlencoded", Instant.now(), SIGNING_SECRET);
    }

    /** An Events API callback carrying {@code event}. */
    public Reply event(ObjectNode event) {
        return event(event, false);
    }

    /** The same, authorised for an org-wide install when {@code orgWide} (Slack's {@code authorizations}). */
    public Reply event(ObjectNode event, boolean orgWide) {
        var body = JSON.createObjectNode()
                .put("token", "legacy-verification-token")
                .put("team_id", team)
                .put("enterprise_id", enterprise)
                .put("api_app_id", "A0LODESTAR")
                .put("type", "event_callback")
                .put(
                        "event_id",
                        "Ev" + UUID.randomUUID().toString().replace("-", "").substring(0, 10))
                .put("event_time", Instant.now().getEpochSecond());
        body.set("event", event);
        body.putArray("authorizations")
                .addObject()
                .put("team_id", orgWide ? null : team)
                .put("enterprise_id", enterprise)
                .put("is_enterprise_install", orgWide);
        return post(body.toString(), "application/json", Instant.now(), SIGNING_SECRET);
    }

    /** An interactivity payload (block actions, view submissions, shortcuts), sent as Slack does. */
    public Reply interaction(ObjectNode payload) {
        payload.put("api_app_id", "A0LODESTAR").put("token", "legacy-verification-token");
        return post(
                formBody(Map.of("payload", payload.toString())),
                "application/x-www-form-urlencoded",
                Instant.now(),
                SIGNING_SECRET);
    }

    /** A click on a button (or other element) in a message the bot posted. */
    public Reply blockAction(String userId, String actionId, String value, String channelId, String messageTs) {
        var payload = interactionBase("block_actions", userId);
        payload.put("response_url", slack.responseUrl(UUID.randomUUID().toString()));
        payload.putObject("container")
                .put("type", "message")
                .put("message_ts", messageTs)
                .put("channel_id", channelId);
        payload.putObject("channel").put("id", channelId).put("name", "general");
        payload.putObject("message").put("ts", messageTs).put("type", "message");
        payload.putArray("actions")
                .addObject()
                .put("type", "button")
                .put("action_id", actionId)
                .put("block_id", "b-" + actionId)
                .put("value", value)
                .put("action_ts", String.valueOf(Instant.now().getEpochSecond()));
        return interaction(payload);
    }

    /**
     * A modal submitted by {@code userId}. {@code values} is the view's state: block id → action id →
     * element state, as Slack sends it.
     */
    public Reply viewSubmission(
            String userId, String callbackId, String viewId, String privateMetadata, ObjectNode values) {
        var payload = interactionBase("view_submission", userId);
        var view = payload.putObject("view")
                .put("id", viewId)
                .put("type", "modal")
                .put("callback_id", callbackId)
                .put("private_metadata", privateMetadata)
                .put("hash", "h-" + viewId);
        view.putObject("state").set("values", values);
        return interaction(payload);
    }

    /** A message shortcut used on someone's message. */
    public Reply messageShortcut(
            String userId, String callbackId, String channelId, String messageTs, String author, String text) {
        var payload = interactionBase("message_action", userId);
        payload.put("callback_id", callbackId)
                .put("message_ts", messageTs)
                .put("response_url", slack.responseUrl(UUID.randomUUID().toString()));
        payload.putObject("channel").put("id", channelId).put("name", "support");
        payload.putObject("message")
                .put("type", "message")
                .put("user", author)
                .put("ts", messageTs)
                .put("text", text);
        return interaction(payload);
    }

    private ObjectNode interactionBase(String type, String userId) {
        var payload = JSON.createObjectNode().put("type", type).put("trigger_id", "trigger-" + UUID.randomUUID());
        payload.putObject("user").put("id", userId).put("team_id", team).put("username", userId.toLowerCase());
        payload.putObject("team").put("id", team).put("domain", "acme");
        if (enterprise != null) {
            payload.putObject("enterprise").put("id", enterprise);
        }
        return payload;
    }

    /** Sends a body exactly as given, signed at {@code signedAt} with {@code secret} (or unsigned when null). */
    public Reply post(String body, String contentType, Instant signedAt, String secret) {
        String signature = secret == null ? null : signature(secret, signedAt, body);
        return post(body, contentType, signedAt, signature, true);
    }

    /** Slack's signature of a body: {@code v0=} and the HMAC-SHA256 of {@code v0:<timestamp>:<body>}. */
    public static String signature(String secret, Instant signedAt, String body) {
        return new SlackSignature.Generator(secret).generate(String.valueOf(signedAt.getEpochSecond()), body);
    }

    /** Sends a body with the given signature header (none when null). */
    public Reply post(String body, String contentType, Instant signedAt, String signature, boolean withTimestamp) {
        var request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (withTimestamp) {
            request.header(
                    SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP, String.valueOf(signedAt.getEpochSecond()));
        }
        if (signature != null) {
            request.header(SlackSignature.HeaderNames.X_SLACK_SIGNATURE, signature);
        }
        try {
            long sent = System.nanoTime();
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - sent));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A slash command's form body, for tests that send it themselves. */
    public String commandBody(String command, String text, String userId) {
        return formBody(Map.of(
                "team_id", team,
                "channel_id", CHANNEL,
                "user_id", userId,
                "command", command,
                "text", text,
                // unique, as Slack's are: the door refuses a signature it has seen
                "response_url", slack.responseUrl(UUID.randomUUID().toString()),
                "trigger_id", "trigger-" + UUID.randomUUID()));
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
