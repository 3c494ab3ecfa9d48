package lodestar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import lodestar.testing.FakeSlack.Call;
import lodestar.testing.FakeSlack.Hold;
import lodestar.testing.FakeSlackFaults.Fault;

/**
 * How {@link FakeSlack} takes a Web API call: it records it, then holds it, fails it or rate-limits it as the test
 * asked, and otherwise answers it: with a custom answer, with what was granted, or as the workspace would.
 */
final class FakeSlackWebApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Failure(int status, Map<String, String> headers, String body) {}

    private final FakeSlackCalls calls;
    private final FakeSlackFaults faults;
    private final FakeSlackLimits limits;
    private final FakeSlackGrants grants;
    private final FakeSlackWorkspace workspace;
    private final Map<String, Queue<Failure>> failures = new ConcurrentHashMap<>();

    private final Map<String, Function<JsonNode, ObjectNode>> answers = new ConcurrentHashMap<>();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final Map<String, Hold> heldAnswers = new ConcurrentHashMap<>();

    FakeSlackWebApi(
            FakeSlackCalls calls,
            FakeSlackFaults faults,
            FakeSlackLimits limits,
            FakeSlackGrants grants,
            FakeSlackWorkspace workspace) {
        this.calls = calls;
        this.faults = faults;
        this.limits = limits;
        this.grants = grants;
        this.workspace = workspace;
    }

    /** Forgets failures and custom answers, and releases every hold. */
    void reset() {
        failures.clear();
        answers.clear();
        release();
    }

    void release() {
        holds.values().forEach(Hold::close);
        heldAnswers.values().forEach(Hold::close);
    }

    void failNext(String method, int status, Map<String, String> headers, String body) {
        failures.computeIfAbsent(method, m -> new ArrayDeque<>()).add(new Failure(status, headers, body));
    }

    void answer(String method, Function<JsonNode, ObjectNode> answer) {
        answers.put(method, answer);
    }

    Hold hold(String method) {
        var hold = new Hold(method, holds);
        holds.put(method, hold);
        return hold;
    }

    Hold holdAfterAccepting(String method) {
        var hold = new Hold(method, heldAnswers);
        heldAnswers.put(method, hold);
        return hold;
    }

    void handle(Context ctx) throws Exception {
        String method = ctx.pathParam("method");
        JsonNode params = FakeSlackParams.of(ctx);
        String authorization = ctx.header("Authorization");
        String token = authorization != null
                ? authorization.replaceFirst("^Bearer ", "")
                : params.path("token").asText(null);
        calls.record(new Call(method, params, token));
        var hold = holds.get(method);
        if (hold != null) {
            hold.awaitRelease();
        }
        Queue<Failure> queue = failures.get(method);
        Failure failure = queue == null ? null : queue.poll();
        if (failure != null) {
            failure.headers().forEach(ctx::header);
            ctx.status(failure.status()).contentType("application/json").result(failure.body());
            return;
        }
        Fault fault = faults.pick(method);
        if (fault != null && faults.failBefore(fault, ctx)) {
            return;
        }
        if (limits.refuse(method, params, ctx)) {
            return;
        }
        var custom = answers.get(method);
        ObjectNode granted = custom != null ? null : grants.answer(method, params, token);
        ObjectNode body = custom != null
                ? custom.apply(params)
                : granted != null ? granted : workspace.standardAnswer(method, params);
        if (fault == Fault.ACCEPTED_THEN_DROPPED) {
            FakeSlackFaults.drop(ctx, JSON.writeValueAsString(body));
            return;
        }
        var heldAnswer = heldAnswers.get(method);
        if (heldAnswer != null) {
            heldAnswer.awaitRelease();
        }
        ctx.contentType("application/json").result(JSON.writeValueAsString(body));
    }
}
