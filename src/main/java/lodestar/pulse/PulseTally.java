package lodestar.pulse;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import lodestar.secret.ServerSecret;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counting a closed run: its answers are opened, counted per value, its comments kept in random order (for questions
 * and runs that met the minimum group size only), and then its answers are deleted and the table rewritten, so that no
 * row, key or old row version of them remains. Counting runs apart from closing: closing is one short update that
 * answers never wait on for long, and an answer after it is refused.
 */
final class PulseTally {
    private static final Logger log = LoggerFactory.getLogger(PulseTally.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext dsl;
    private final ServerSecret secret;
    private final Clock clock;

    PulseTally(DSLContext dsl, ServerSecret secret, Clock clock) {
        this.dsl = dsl;
        this.secret = secret;
        this.clock = clock;
    }

    /**
     * Counts every closed run not counted yet (also those whose counting was cut off or failed); returns those it
     * counted.
     */
    List<Long> tallyClosed() {
        List<Long> counted = new ArrayList<>();
        for (long runId : new RunRepository(dsl).untallied()) {
            try {
                if (tally(runId)) {
                    counted.add(runId);
                }
            } catch (RuntimeException e) {
                // One run that cannot be counted (its series unreadable, say) does not hold back the others.
                log.error("Pulse run {}: counting its answers failed; retrying on the next tick", runId, e);
            }
        }
        if (!counted.isEmpty()) {
            PulseVacuum.rewrite(dsl, "pulse_answer");
        }
        return counted;
    }

    private boolean tally(long runId) {
        return dsl.transactionResult(tx -> {
            var runs = new RunRepository(tx.dsl());
            var run = runs.lockToTally(runId);
            if (run.isEmpty()) {
                return false; // counted meanwhile, or being counted by another instance
            }
            var teamId = run.get().teamId();
            var series = new SeriesRepository(tx.dsl())
                    .series(teamId, run.get().seriesId())
                    .orElseThrow();
            var answers = new AnswerRepository(tx.dsl());
            var seal = AnswerSeal.of(secret, teamId, runId);
            Map<String, String> authors = series.anonymous() ? Map.of() : authors(seal, runs.recipients(runId));
            Set<String> people = new HashSet<>();
            Map<Integer, Map<Integer, Integer>> counts = new TreeMap<>();
            Map<Integer, List<AnswerRepository.Comment>> comments = new HashMap<>();
            int unreadable = 0;
            for (var sealed : answers.sealed(runId)) {
                var answer = seal.open(sealed.position(), sealed.key(), sealed.sealed());
                if (answer.isEmpty()) {
                    unreadable++;
                    continue;
                }
                people.add(sealed.key());
                if (answer.get().value() != null) {
                    counts.computeIfAbsent(sealed.position(), p -> new TreeMap<>())
                            .merge(answer.get().value(), 1, Integer::sum);
                } else {
                    comments.computeIfAbsent(sealed.position(), p -> new ArrayList<>())
                            .add(new AnswerRepository.Comment(
                                    sealed.position(), answer.get().comment(), authors.get(sealed.key())));
                }
            }
            if (unreadable > 0) {
                log.warn(
                        "Pulse run {}: {} answers could not be opened with the server secret (was LODESTAR_SECRET"
                                + " changed while the survey was open?); they are not counted",
                        runId,
                        unreadable);
            }
            List<AnswerRepository.Tally> tallies = new ArrayList<>();
            List<AnswerRepository.Comment> kept = new ArrayList<>();
            int minGroup = series.minGroup();
            if (people.size() >= minGroup) {
                counts.forEach((position, byValue) -> {
                    if (byValue.values().stream().mapToInt(Integer::intValue).sum() >= minGroup) {
                        byValue.forEach((value, count) ->
                                tallies.add(new AnswerRepository.Tally(runId, position, value, count)));
                    }
                });
                comments.values().stream().filter(c -> c.size() >= minGroup).forEach(kept::addAll);
            }
            Collections.shuffle(kept, RANDOM);
            answers.replaceByTallies(runId, teamId, tallies, kept);
            runs.tallied(runId, people.size(), clock.instant());
            return true;
        });
    }

    /** Who is behind each answer key: only for surveys that told people their name is shown. */
    private static Map<String, String> authors(AnswerSeal seal, List<String> recipients) {
        Map<String, String> authors = new HashMap<>();
        recipients.forEach(userId -> authors.put(seal.key(userId), userId));
        return authors;
    }
}
