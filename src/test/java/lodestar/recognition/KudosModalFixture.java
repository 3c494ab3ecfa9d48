package lodestar.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import lodestar.testing.SlackRequests;

/** What the kudos form's tests share: the form's state as Slack sends it, and the steps that submit it and read it. */
abstract class KudosModalFixture extends KudosFixture {
    static ObjectNode state(List<String> recipients, List<String> values, String reason, String impact) {
        var state = JSON.createObjectNode();
        var users = state.putObject("recipients").putObject("recipients").put("type", "multi_users_select");
        recipients.forEach(users.putArray("selected_users")::add);
        var options = state.putObject("values")
                .putObject("values")
                .put("type", "multi_static_select")
                .putArray("selected_options");
        values.forEach(value -> options.addObject().put("value", value));
        state.putObject("reason")
                .putObject("reason")
                .put("type", "plain_text_input")
                .put("value", reason);
        state.putObject("impact")
                .putObject("impact")
                .put("type", "plain_text_input")
                .put("value", impact);
        return state;
    }

    static String origin(String channel, String link) {
        var origin = JSON.createObjectNode().put("channelId", channel);
        if (link != null) {
            origin.put("link", link);
        }
        return origin.toString();
    }

    static JsonNode openedView() {
        return harness.slack().only("views.open").params().path("view");
    }

    static JsonNode updatedView() {
        return harness.slack().only("views.update").params().path("view");
    }

    static SlackRequests.Reply submit(String giver, String viewId, ObjectNode state) {
        return harness.send().viewSubmission(giver, "kudos_modal", viewId, origin(SlackRequests.CHANNEL, null), state);
    }

    static SlackRequests.Reply submit(String giver, String viewId, String origin, ObjectNode state) {
        return harness.send().viewSubmission(giver, "kudos_modal", viewId, origin, state);
    }

    static JsonNode errors(SlackRequests.Reply reply) {
        assertThat(reply.json().path("response_action").asText()).isEqualTo("errors");
        return reply.json().path("errors");
    }
}
