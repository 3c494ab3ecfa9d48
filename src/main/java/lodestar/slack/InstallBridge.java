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
 * Carries an installer's browser into Bolt's OAuth flow: {@code GET /slack/install} (a new state, then Slack's
 * authorize page) and {@code GET /slack/oauth_redirect} (the state checked, the code exchanged, the installation
 * stored). These requests come from a browser, not from Slack, so they carry no signature to check.
 */
public final class InstallBridge implements Handler {
    private final App bolt;
    private final SlackRequestParser parser;

    public InstallBridge(App bolt) {
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
                .requestBody("")
                .remoteAddress(ctx.ip())
                .build());
        var response = bolt.run(request);
        ctx.status(response.getStatusCode());
        response.getHeaders()
                .forEach((name, values) -> values.forEach(value -> ctx.res().addHeader(name, value)));
        ctx.contentType(response.getContentType() == null ? "text/html; charset=utf-8" : response.getContentType());
        ctx.result(response.getBody() == null ? "" : response.getBody());
    }
}
