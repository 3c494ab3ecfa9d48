package lodestar.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.util.SlackRequestParser;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries an HTTP request from Javalin into Bolt and Bolt's response back: the raw body and every
 * header value, so that Bolt can verify Slack's signature.
 */
public final class SlackBridge implements Handler {
    private final App bolt;
    private final SlackRequestParser parser;

    public SlackBridge(App bolt) {
        this.bolt = bolt;
        this.parser = new SlackRequestParser(bolt.config());
    }

    @Override
    public void handle(Context ctx) throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            headers.put(name, Collections.list(ctx.req().getHeaders(name)));
        }
        var request = parser.parse(SlackRequestParser.HttpRequest.builder()
                .requestUri(ctx.path())
                .queryString(ctx.queryParamMap())
                .headers(new RequestHeaders(headers))
                .requestBody(ctx.body())
                .remoteAddress(ctx.ip())
                .build());
        var response = bolt.run(request);
        ctx.status(response.getStatusCode());
        response.getHeaders()
                .forEach((name, values) -> values.forEach(value -> ctx.res().addHeader(name, value)));
        if (response.getContentType() != null) {
            ctx.contentType(response.getContentType());
        }
        ctx.result(response.getBody() == null ? "" : response.getBody());
    }
}
