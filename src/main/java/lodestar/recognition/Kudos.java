package lodestar.recognition;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One give: a giver thanks one or more recipients for customer-first work, tagged with CX values. Text is
 * Slack mrkdwn as Lodestar stores it (see {@code SlackText}).
 */
public record Kudos(
        long id,
        String teamId,
        String giverId,
        List<String> recipients,
        List<String> values,
        String reason,
        Optional<String> customerImpact,
        Optional<String> link,
        Instant givenAt,
        boolean byLeader,
        String postChannelId,
        Optional<String> postTs,
        Optional<Withdrawal> withdrawal,
        Optional<AttachedQuote> quote) {

    public Kudos {
        recipients = List.copyOf(recipients);
        values = List.copyOf(values);
    }

    /** Why a kudos stopped counting. */
    public enum Withdrawal {
        /** The giver took it back within the undo window. */
        UNDO,
        /** An admin removed it. */
        MODERATION
    }

    public boolean counts() {
        return withdrawal.isEmpty();
    }
}
