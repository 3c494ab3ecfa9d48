package lodestar.testing;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * Random faults for {@link FakeSlack}: decides, with a seeded random, which calls fail and how, and writes the
 * failure. One instance per fake; {@link FakeSlack#failRandomly} configures it.
 */
public final class FakeSlackFaults {
    /** How a call can go wrong. Only the first three are in {@link #DEFAULT}; ask for the others by name. */
    public enum Fault {
        /** HTTP 429, {@code Retry-After: 1}, {@code {"ok":false,"error":"ratelimited"}}. */
        RATE_LIMITED,
        /** HTTP 500 with body {@code {}}. */
        SERVER_ERROR,
        /** HTTP 503, {@code {"ok":false,"error":"service_unavailable"}}. */
        UNAVAILABLE,
        /** HTTP 200, {@code {"ok":false,"error":"internal_error"}}. */
        OK_FALSE,
        /**
         * The connection is cut in the middle of the answer: the status line and headers (HTTP 200, a Content-Length)
         * and half of an {@code {"ok":false,...}} body go out, then the connection is closed. The client reads the
         * headers and then fails on the body with an {@link java.io.IOException} (OkHttp: a ProtocolException,
         * "unexpected end of stream"). Closing it before any byte is sent would not do: OkHttp then silently sends
         * the POST again ({@code retryOnConnectionFailure}, on a connection it had used before), so the fake sees
         * the call twice and the caller may never see the fault.
         */
        DROPPED,
        /** Answers normally (state changes as usual) after a pause; see {@link FakeSlack#failRandomly}. */
        SLOW,
        /**
         * Slack does the work (a posted message goes into history with its ts) but the answer is lost, cut off as
         * {@link #DROPPED} is: the bot cannot know that its call went through.
         */
        ACCEPTED_THEN_DROPPED;

        /** True when the call fails before Slack does anything, so that nothing changes. */
        boolean failsBeforeSlackActs() {
            return this != SLOW && this != ACCEPTED_THEN_DROPPED;
        }
    }

    /** The faults {@code failRandomly} injects when not told which: 429, 500 and 503. */
    public static final Set<Fault> DEFAULT =
            Set.copyOf(EnumSet.of(Fault.RATE_LIMITED, Fault.SERVER_ERROR, Fault.UNAVAILABLE));

    private record Plan(double share, List<Fault> faults, Set<String> methods, Duration slowness) {}

    private final AtomicInteger injected = new AtomicInteger();
    private Plan plan;
    private Random random;

    synchronized void failRandomly(double share, long seed, Set<Fault> faults, Duration slowness, String... methods) {
        if (share < 0 || share > 1 || faults.isEmpty() || slowness.isNegative()) {
            throw new IllegalArgumentException("Needs a share in [0, 1], some faults and a pause >= 0");
        }
        plan = new Plan(share, List.copyOf(EnumSet.copyOf(faults)), Set.copyOf(Arrays.asList(methods)), slowness);
        random = new Random(seed);
    }

    synchronized void stop() {
        plan = null;
        random = null;
    }

    synchronized void reset() {
        stop();
        injected.set(0);
    }

    int injected() {
        return injected.get();
    }

    /**
     * The fault for this call of {@code method}, or null: the call fails with the plan's share, the fault chosen
     * among the plan's with the same seeded random (so a run with one seed and one order of calls repeats).
     */
    synchronized Fault pick(String method) {
        if (plan == null || !(plan.methods().isEmpty() || plan.methods().contains(method))) {
            return null;
        }
        if (random.nextDouble() >= plan.share()) {
            return null;
        }
        injected.incrementAndGet();
        return plan.faults().get(random.nextInt(plan.faults().size()));
    }

    /**
     * Acts out the part of {@code fault} that comes before Slack acts: true when the call is over (it failed and
     * its answer is written), false when the call goes on (after a pause, for {@link Fault#SLOW}).
     */
    boolean failBefore(Fault fault, Context ctx) throws java.io.IOException, InterruptedException {
        switch (fault) {
            case RATE_LIMITED ->
                write(ctx, 429, "{\"ok\":false,\"error\":\"ratelimited\"}").header("Retry-After", "1");
            case SERVER_ERROR -> write(ctx, 500, "{}");
            case UNAVAILABLE -> write(ctx, 503, "{\"ok\":false,\"error\":\"service_unavailable\"}");
            case OK_FALSE -> write(ctx, 200, "{\"ok\":false,\"error\":\"internal_error\"}");
            case DROPPED -> drop(ctx, "{\"ok\":false,\"error\":\"dropped\"}");
            case SLOW -> {
                Duration pause;
                synchronized (this) {
                    pause = plan == null ? Duration.ZERO : plan.slowness();
                }
                Thread.sleep(pause.toMillis());
            }
            case ACCEPTED_THEN_DROPPED -> {
                // acted out after Slack has done the work: see drop
            }
        }
        return fault.failsBeforeSlackActs();
    }

    private static Context write(Context ctx, int status, String body) {
        return ctx.status(status).contentType("application/json").result(body);
    }

    /**
     * Sends the headers and the first half of {@code answer}, announcing all of it, then closes the connection, so
     * the client sees an IOException while reading the body. Written to the servlet response itself (Javalin would
     * hold it back until the handler returns), then the connection's Jetty end point is closed. (Aborting the
     * servlet channel instead works too, but makes Javalin log an error for each call.)
     */
    static void drop(Context ctx, String answer) throws java.io.IOException {
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        var response = ctx.res();
        response.setStatus(200);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        var out = response.getOutputStream();
        out.write(bytes, 0, bytes.length / 2);
        out.flush();
        ServletContextRequest.getServletContextRequest(ctx.req())
                .getServletChannel()
                .getEndPoint()
                .close();
    }
}
