package lodestar.slack;

import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries an HTTP request from Javalin into Bolt and Bolt's response back: the raw body and every
 * header value, so that Bolt can verify Slack's signature. The {@link SlackDoor} sees it first, and, for a slash
 * command, again after Bolt's answer (whether its signature was seen by another instance: {@link SignatureRecord}).
 */
public final class SlackBridge implements Handler {
    private final App bolt;
    private final SlackRequestParser parser;
    private final SlackDoor door;

    public SlackBridge(App bolt, SlackDoor.Replays replays) {
        this.bolt = bolt;
        this.parser = new SlackRequestParser(bolt.config());
        // Signatures are about real time, whatever clock the features run on.
        this.door = new SlackDoor(bolt.config().getSigningSecret(), Clock.systemUTC(), replays);
    }

    @Override
    public void handle(Context ctx) throws Exception {
        String timestamp = ctx.header(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP);
        String signature = ctx.header(SlackSignature.HeaderNames.X_SLACK_SIGNATURE);
        var refusal = door.check(timestamp, signature, ctx.contentType(), ctx.body());
        if (refusal.isPresent()) {
            ctx.status(refusal.get().status());
            if (!refusal.get().json().isEmpty()) {
                ctx.contentType("application/json").result(refusal.get().json());
            }
            return;
        }
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
        Response response;
        if (request != null && request.getRequestType() == RequestType.Command) {
            // Its signature is recorded with the command, or after the answer when nothing is recorded.
            try (var record = door.recordLater(signature)) {
                response = bolt.run(request);
                if (!door.answeredOnce(record, timestamp)) {
                    ctx.status(SlackDoor.Refusal.UNAUTHORIZED.status());
                    return;
                }
            }
        } else if (!door.firstTimeAnywhere(signature, timestamp)) {
            ctx.status(SlackDoor.Refusal.UNAUTHORIZED.status());
            return;
        } else {
            response = bolt.run(request);
        }
        ctx.status(response.getStatusCode());
        response.getHeaders()
                .forEach((name, values) -> values.forEach(value -> ctx.res().addHeader(name, value)));
        if (response.getContentType() != null) {
            ctx.contentType(response.getContentType());
        }
        ctx.result(response.getBody() == null ? "" : response.getBody());
    }
}
