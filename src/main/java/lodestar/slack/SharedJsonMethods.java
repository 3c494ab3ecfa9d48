package lodestar.slack;

import com.google.gson.Gson;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.impl.MethodsClientImpl;
import com.slack.api.util.http.SlackHttpClient;
import com.slack.api.util.json.GsonFactory;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import okhttp3.FormBody;

/**
 * The Slack SDK's Web API client, reading every answer with one Gson per Slack client instead of a new one per answer
 * (the SDK 1.51 builds a Gson, and its reflective type adapters, for each response: most of the CPU a Web API call
 * costs here). Everything else is the SDK's own: the HTTP call, errors ({@link SlackApiException} for a non-2xx), the
 * response headers, the response listeners. Only for clients without the SDK's call metrics (Lodestar turns them off),
 * whose bookkeeping this leaves out.
 */
final class SharedJsonMethods extends MethodsClientImpl {
    private final Gson gson;

    SharedJsonMethods(SlackHttpClient http, String token, Gson gson) {
        super(http, token);
        this.gson = gson;
        setEndpointUrlPrefix(http.getConfig().getMethodsEndpointUrlPrefix());
    }

    /**
     * The Gson the SDK would build for each answer, built once for {@code config}; empty when the SDK's call metrics
     * are on (then the SDK's own client keeps them).
     */
    static Optional<Gson> gsonFor(SlackConfig config) {
        return config.isStatsEnabled() ? Optional.empty() : Optional.of(GsonFactory.createSnakeCase(config));
    }

    @Override
    protected <T extends SlackApiTextResponse> T postFormWithTokenAndParseResponse(
            FormBody.Builder form, String methodName, String token, Class<T> type)
            throws IOException, SlackApiException {
        try (var response = runPostFormWithToken(form, methodName, token)) {
            String body = response.body().string();
            if (!response.isSuccessful()) {
                throw new SlackApiException(getSlackHttpClient().getConfig(), response, body);
            }
            try {
                T answer = gson.fromJson(body, type);
                Map<String, List<String>> headers = new TreeMap<>();
                for (var name : response.headers().names()) {
                    headers.put(name.toLowerCase(Locale.ROOT), response.headers(name));
                }
                answer.setHttpResponseHeaders(headers);
                return answer;
            } finally {
                getSlackHttpClient().runHttpResponseListeners(response, body);
            }
        }
    }
}
