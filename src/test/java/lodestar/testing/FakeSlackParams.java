package lodestar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/** Reads the parameters of a Web API call to {@link FakeSlack}, sent as a form or as JSON, into JSON. */
final class FakeSlackParams {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeSlackParams() {}

    static JsonNode of(Context ctx) throws Exception {
        String contentType = ctx.contentType() == null ? "" : ctx.contentType();
        if (contentType.startsWith("application/json")) {
            return JSON.readTree(ctx.body());
        }
        ObjectNode params = JSON.createObjectNode();
        for (var entry : ctx.formParamMap().entrySet()) {
            String value = entry.getValue().isEmpty() ? "" : entry.getValue().get(0);
            boolean json = (value.startsWith("{") || value.startsWith("["));
            if (json) {
                try {
                    params.set(entry.getKey(), JSON.readTree(value));
                    continue;
                } catch (Exception notJson) {
                    // keep it as text
                }
            }
            params.put(entry.getKey(), value);
        }
        return params;
    }

    static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }
}
