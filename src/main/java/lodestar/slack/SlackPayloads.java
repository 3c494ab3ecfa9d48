package lodestar.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shapes of request Lodestar handles, checked before Bolt parses them: anything else is answered 400 (and logged)
 * instead of failing somewhere inside as a 500. (What people typed is checked by {@link TypedText}.)
 */
final class SlackPayloads {
    private static final Logger log = LoggerFactory.getLogger(SlackPayloads.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What every interaction type needs, as JSON pointers. */
    private static final Map<String, List<String>> INTERACTION_FIELDS = Map.of(
            "block_actions", List.of("/user/id", "/actions/0/action_id"),
            "view_submission", List.of("/user/id", "/view/callback_id", "/view/state/values"),
            "view_closed", List.of("/user/id", "/view/callback_id"),
            "message_action", List.of("/user/id", "/callback_id", "/channel/id", "/message/ts"),
            "shortcut", List.of("/user/id", "/callback_id"),
            "block_suggestion", List.of("/user/id", "/action_id"));

    private SlackPayloads() {}

    static Optional<SlackDoor.Refusal> check(String contentType, String body) {
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        try {
            if (type.startsWith("application/x-www-form-urlencoded")) {
                return form(decodeForm(body));
            }
            if (type.startsWith("application/json")) {
                return event(JSON.readTree(body));
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return malformed("not valid JSON or form data: " + e.getClass().getSimpleName());
        }
        return malformed("content type " + contentType);
    }

    private static Optional<SlackDoor.Refusal> form(Map<String, String> form) throws JsonProcessingException {
        if (form.containsKey("ssl_check")) {
            return Optional.empty(); // Slack checking the certificate; Bolt answers it
        }
        if (form.containsKey("payload")) {
            return interaction(JSON.readTree(form.get("payload")));
        }
        for (String field : List.of("command", "team_id", "user_id", "channel_id")) {
            if (form.getOrDefault(field, "").isBlank()) {
                return malformed("a command without " + field);
            }
        }
        return Optional.empty();
    }

    private static Optional<SlackDoor.Refusal> interaction(JsonNode payload) {
        var required = INTERACTION_FIELDS.get(payload.path("type").asText(""));
        if (required == null) {
            return malformed("an interaction of type '" + payload.path("type").asText("") + "'");
        }
        for (String pointer : required) {
            var field = payload.at(pointer);
            if (field.isMissingNode()
                    || field.isNull()
                    || (field.isValueNode() && field.asText().isBlank())) {
                return malformed("a " + payload.path("type").asText() + " without " + pointer);
            }
        }
        return Optional.empty();
    }

    private static Optional<SlackDoor.Refusal> event(JsonNode body) {
        switch (body.path("type").asText("")) {
            case "url_verification":
                return body.path("challenge").isTextual() ? Optional.empty() : malformed("a challenge without one");
            case "event_callback":
                return body.at("/event/type").isTextual()
                                && body.path("team_id").isTextual()
                                && body.path("event_id").isTextual()
                        ? Optional.empty()
                        : malformed("an event without its type, team_id or event_id");
            case "app_rate_limited":
                return Optional.empty();
            default:
                return malformed("a JSON body of type '" + body.path("type").asText("") + "'");
        }
    }

    private static Map<String, String> decodeForm(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            form.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return form;
    }

    private static Optional<SlackDoor.Refusal> malformed(String what) {
        log.warn("Refused a signed request Lodestar cannot handle: {}", what);
        return Optional.of(SlackDoor.Refusal.MALFORMED);
    }
}
