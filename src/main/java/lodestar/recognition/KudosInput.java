package lodestar.recognition;

import java.util.List;

/** What someone asked of {@code /kudos}. */
sealed interface KudosInput {
    record Give(List<String> recipients, List<String> values, String reason) implements KudosInput {
        public Give {
            recipients = List.copyOf(recipients);
            values = List.copyOf(values);
        }
    }

    record OpenModal() implements KudosInput {}

    record Mine() implements KudosInput {}

    record Top(Period period) implements KudosInput {}

    record Remove(long kudosId) implements KudosInput {}

    record Help() implements KudosInput {}

    record Malformed(String message) implements KudosInput {}
}
