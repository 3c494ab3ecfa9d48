package lodestar.slack;

import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The answer a person is still owed for the request being handled on this thread: where to send it (the
 * request's {@code response_url}) and what to say when the work fails, so that work handed on after the ack can
 * always answer, even when it fails. Nobody is left without an answer.
 */
public final class PendingAnswer {
    private static final ThreadLocal<String> RESPONSE_URL = new ThreadLocal<>();

    /** Before the ack, a handler that needs the database fails before it saved anything. */
    static final String DATABASE_DOWN =
            "Lodestar's database is unavailable right now, so nothing was saved. Please try again in a minute.";
    /** After the ack, part of the work may have been saved before the database went away. */
    static final String DATABASE_LOST = "Lodestar's database is unavailable right now, so this may not have gone"
            + " through. Please check in a minute before trying again.";

    static final String FAILED = "Something went wrong inside Lodestar and it could not finish; it may not have"
            + " saved anything. Please check, and try again in a minute.";

    private PendingAnswer() {}

    /** Runs Bolt's handling of {@code request} with its response_url known to the work it hands on. */
    static <T> T during(Request<?> request, Callable<T> work) throws Exception {
        String previous = RESPONSE_URL.get();
        RESPONSE_URL.set(responseUrl(request));
        try {
            return work.call();
        } finally {
            RESPONSE_URL.set(previous);
        }
    }

    /** The response_url of the request being handled on this thread, if it has one. */
    public static Optional<String> current() {
        return Optional.ofNullable(RESPONSE_URL.get());
    }

    /** What to tell the person when {@code failure} stopped their request after its ack. */
    public static String messageFor(Throwable failure) {
        return databaseDown(failure) ? DATABASE_LOST : FAILED;
    }

    /** True when the failure is the database being out of reach (stopped, restarting, network), not a bug. */
    public static boolean databaseDown(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        // connection exceptions; admin shutdown; cannot connect now
        return sqlState(failure, state -> state.startsWith("08") || state.equals("57P01") || state.equals("57P03"));
    }

    /** Whether an SQL exception among the causes of {@code failure} has a state that {@code test} accepts. */
    public static boolean sqlState(Throwable failure, java.util.function.Predicate<String> test) {
        for (Throwable cause = failure; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && test.test(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static String responseUrl(Request<?> request) {
        if (request instanceof SlashCommandRequest command) {
            return command.getPayload().getResponseUrl();
        }
        if (request instanceof BlockActionRequest action) {
            return action.getPayload().getResponseUrl();
        }
        return null;
    }
}
