package lodestar.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import java.util.regex.Pattern;

/**
 * Text a person typed may not hold control characters: PostgreSQL cannot store NUL, and the others only hide or garble
 * text. A command or a form that carries one is answered with a message saying so (under the field, for a form), and
 * nothing is done. A Bolt middleware, so that it holds over HTTP and Socket Mode alike.
 */
public final class TypedText implements Middleware {
    /** C0 controls and DEL, except tab, line feed and carriage return. */
    static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

    static final String CONTROL_MESSAGE = "Your text contains a control character (such as NUL) that Lodestar can't"
            + " store. Nothing was saved: remove it (retyping the text usually does) and try again.";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    @SuppressWarnings("rawtypes") // Bolt's Middleware takes a raw Request
    public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
        if (req instanceof SlashCommandRequest command
                && holdsControl(command.getPayload().getText())) {
            return Response.json(
                    200,
                    SlashCommandResponse.builder()
                            .responseType("ephemeral")
                            .text(CONTROL_MESSAGE)
                            .build());
        }
        if (req instanceof ViewSubmissionRequest submission) {
            var errors = JSON.createObjectNode();
            var state = submission.getPayload().getView().getState();
            if (state != null && state.getValues() != null) {
                state.getValues()
                        .forEach((blockId, elements) -> elements.values().forEach(element -> {
                            if (holdsControl(element.getValue())) {
                                errors.put(blockId, CONTROL_MESSAGE);
                            }
                        }));
            }
            if (!errors.isEmpty()) {
                var answer = JSON.createObjectNode().put("response_action", "errors");
                answer.set("errors", errors);
                return Response.json(200, answer.toString());
            }
        }
        return chain.next(req);
    }

    static boolean holdsControl(String text) {
        return text != null && CONTROL.matcher(text).find();
    }
}
