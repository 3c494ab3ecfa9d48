package lodestar.slack;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import java.io.IOException;

/**
 * One call that checks a token (auth.test, apps.connections.open), told apart three ways: Slack answered, Slack
 * refused the token (trying again cannot help), or Slack could not be reached or failed (trying again may).
 */
final class SlackCheck {
    private SlackCheck() {}

    @FunctionalInterface
    interface Call<T extends SlackApiTextResponse> {
        T call() throws IOException, SlackApiException;
    }

    sealed interface Outcome<T> permits Answered, Refused, Unreachable {}

    record Answered<T>(T response) implements Outcome<T> {}

    /** Slack's error code for a token it will never accept. */
    record Refused<T>(String error) implements Outcome<T> {}

    /** What went wrong, for the log: the network, an HTTP status, or an error Slack may get over. */
    record Unreachable<T>(String reason) implements Outcome<T> {}

    static <T extends SlackApiTextResponse> Outcome<T> attempt(Call<T> call) {
        try {
            T response = call.call();
            if (response.isOk()) {
                return new Answered<>(response);
            }
            return TokenRefused.means(response.getError())
                    ? new Refused<>(response.getError())
                    : new Unreachable<>("Slack said " + response.getError());
        } catch (SlackApiException e) {
            String error = e.getError() == null ? null : e.getError().getError();
            if (error != null && TokenRefused.means(error)) {
                return new Refused<>(error);
            }
            return new Unreachable<>(
                    "HTTP " + e.getResponse().code() + (error == null || error.isEmpty() ? "" : " " + error));
        } catch (IOException | RuntimeException e) {
            return new Unreachable<>(describe(e));
        }
    }

    /** A network failure for the log, in one line; the JDK's message alone can mislead ("slack.com" for an unknown host). */
    static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
