package lodestar.recognition;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import lodestar.db.Timestamps;

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

    /**
     * This kudos as recorded with {@code id}, as {@code RecognitionRepository} reads it back: its recipients and values
     * in code-point order (the repository reads them in the "C" collation's order), its time in microseconds (the
     * database's); no post yet, not withdrawn.
     */
    public Kudos recorded(long id) {
        return new Kudos(
                id,
                teamId,
                giverId,
                byCodePoints(recipients),
                byCodePoints(values),
                reason,
                customerImpact,
                link,
                Timestamps.micros(givenAt),
                byLeader,
                postChannelId,
                Optional.empty(),
                Optional.empty(),
                quote);
    }

    /** In the order of PostgreSQL's "C" collation in UTF-8: by code point (String's own order is by UTF-16 unit). */
    private static List<String> byCodePoints(List<String> names) {
        return names.stream()
                .sorted((a, b) ->
                        Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray()))
                .toList();
    }
}
