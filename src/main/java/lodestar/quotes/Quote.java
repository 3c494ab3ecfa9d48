package lodestar.quotes;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** A real customer quote in the library. Texts are Slack mrkdwn as Lodestar stores it. */
public record Quote(
        long id,
        String teamId,
        String text,
        Sentiment sentiment,
        Optional<String> author,
        Optional<String> anonymisedAs,
        Optional<String> source,
        List<String> tags,
        Optional<LocalDate> heardOn,
        String addedBy,
        boolean archived,
        Optional<String> ownerId,
        boolean resolved,
        Optional<String> resolution) {

    public Quote {
        tags = List.copyOf(tags);
    }

    /** Who said it, as shown: the anonymised form when one was chosen. */
    public Optional<String> attribution() {
        return anonymisedAs.isPresent() ? anonymisedAs : author;
    }
}
