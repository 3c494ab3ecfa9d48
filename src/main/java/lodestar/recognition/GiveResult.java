package lodestar.recognition;

import java.util.List;
import java.util.Optional;

/** The outcome of giving kudos. */
public sealed interface GiveResult {
    /**
     * The kudos is recorded, and {@code post} is the id of its post in the outbox, for the caller to deliver unless
     * {@code postWaitsItsTurn} (its turn under Slack's rates had not come, so it was enqueued due in its turn, for the
     * background senders); empty when this request had been recorded before (a retry or a double submission): nothing
     * new was stored, and nothing should be posted again.
     */
    record Given(Kudos kudos, Remaining remaining, Optional<Long> post, boolean postWaitsItsTurn)
            implements GiveResult {
        /** A give recorded before: nothing new to post. */
        Given(Kudos kudos, Remaining remaining) {
            this(kudos, remaining, Optional.empty(), false);
        }

        public boolean repeated() {
            return post.isEmpty();
        }
    }

    /** Nothing was stored; each problem says what to fix. */
    record Rejected(List<Problem> problems) implements GiveResult {
        public Rejected {
            problems = List.copyOf(problems);
        }

        public Rejected(Problem problem) {
            this(List.of(problem));
        }
    }

    /** One thing wrong with a give, and the field of the modal it belongs to. */
    record Problem(Field field, String message) {}

    /** The parts of a give, as the modal shows them. */
    enum Field {
        RECIPIENTS,
        VALUES,
        REASON,
        CUSTOMER_IMPACT,
        /** Where the kudos would be posted. */
        CHANNEL,
        ALLOWANCE
    }
}
