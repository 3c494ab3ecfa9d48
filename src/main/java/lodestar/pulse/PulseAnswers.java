package lodestar.pulse;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import lodestar.secret.ServerSecret;
import lodestar.workspace.Actor;
import org.jooq.DSLContext;

/**
 * Taking answers while a run is open. An answer is written alone, sealed under the person's answer key: no other row
 * changes when someone answers, so no transaction id, time or order ties it to a person. Who answered is known only by
 * recomputing the answer keys of the run's recipients, which takes the server secret.
 */
final class PulseAnswers {
    private final DSLContext dsl;
    private final ServerSecret secret;
    private final Clock clock;

    PulseAnswers(DSLContext dsl, ServerSecret secret, Clock clock) {
        this.dsl = dsl;
        this.secret = secret;
        this.clock = clock;
    }

    /** Records (or changes) a person's answer to one question, while the run is open and they are in its audience. */
    Answered answer(Actor actor, long runId, int position, Integer value, String comment) {
        // One connection for the whole transaction, taken once: with the database out of reach the answer fails after
        // one wait for it, within the 3 s Slack gives a click (jOOQ's own transaction asks the pool again to roll
        // back).
        return dsl.connectionResult(connection -> dsl.configuration()
                .derive(connection)
                .dsl()
                .transactionResult(tx -> {
                    // Before an ack, on connections every ack shares: never held long by a lock (a survey closing) or
                    // a slow query.
                    tx.dsl()
                            .fetch("select set_config('lock_timeout', '1s', true),"
                                    + " set_config('statement_timeout', '1s', true)");
                    var runs = new RunRepository(tx.dsl());
                    // A closed run is refused without taking its lock: nothing about a closed run is worth waiting for.
                    var seen = runs.run(actor.teamId(), runId);
                    var run = seen.isPresent() && !seen.get().closed() ? runs.runForShare(actor.teamId(), runId) : seen;
                    if (run.isEmpty()) {
                        return new Answered.Refused("That survey no longer exists.");
                    }
                    var series = new SeriesRepository(tx.dsl())
                            .series(actor.teamId(), run.get().seriesId())
                            .orElseThrow();
                    if (run.get().closed()
                            || !clock.instant().isBefore(run.get().closesAt())) {
                        return new Answered.Refused("This survey is closed, so your answer was not recorded.");
                    }
                    if (!runs.isRecipient(runId, actor.userId())) {
                        return new Answered.Refused(
                                "This survey is for another group of people, and you're not in it, so"
                                        + " nothing was recorded.");
                    }
                    var question = series.questions().stream()
                            .filter(q -> q.position() == position)
                            .findFirst();
                    boolean valid = question.isPresent()
                            && (question.get().kind() == Question.Kind.COMMENT
                                    ? comment != null && !comment.isBlank()
                                    : value != null && question.get().accepts(value));
                    if (!valid) {
                        return new Answered.Refused("That is not an answer to this question; nothing was recorded.");
                    }
                    var seal = AnswerSeal.of(secret, actor.teamId(), runId);
                    String key = seal.key(actor.userId());
                    var answer = question.get().kind() == Question.Kind.COMMENT
                            ? new AnswerSeal.Answer(null, comment)
                            : new AnswerSeal.Answer(value, null);
                    var answers = new AnswerRepository(tx.dsl());
                    boolean changed =
                            answers.answer(runId, actor.teamId(), position, key, seal.seal(position, key, answer));
                    return new Answered.Recorded(run.get(), series, changed);
                }));
    }

    /** How many answered the open run so far, of how many it is for: a channel survey shows it. */
    record Count(int respondents, int audience) {}

    /** The run's {@link Count} while it is open, read apart from any answer's transaction; empty once it closed. */
    Optional<Count> countWhileOpen(long runId) {
        var runs = new RunRepository(dsl);
        if (runs.runById(runId).map(Run::closed).orElse(true)) {
            return Optional.empty();
        }
        return Optional.of(new Count(
                new AnswerRepository(dsl).respondentCounts(List.of(runId)).getOrDefault(runId, 0),
                runs.audience(runId)));
    }

    /** How many people answered the run: counted at close, or their answer keys while it is open. */
    static int respondents(DSLContext dsl, long runId) {
        var counted = new RunRepository(dsl).respondentCounts(List.of(runId)).get(runId);
        return counted != null
                ? counted
                : new AnswerRepository(dsl).respondentCounts(List.of(runId)).getOrDefault(runId, 0);
    }

    /** Of {@code users}, those who have not answered the open run, in the order given. */
    List<String> notAnswered(DSLContext tx, String teamId, long runId, Collection<String> users) {
        var seal = AnswerSeal.of(secret, teamId, runId);
        var answered = new AnswerRepository(tx).keys(runId);
        return users.stream()
                .filter(userId -> !answered.contains(seal.key(userId)))
                .toList();
    }
}
