package lodestar.quotes;

import static lodestar.db.schema.Tables.QUOTE;
import static lodestar.db.schema.Tables.QUOTE_POST;
import static lodestar.db.schema.Tables.QUOTE_REACTION;
import static lodestar.db.schema.Tables.QUOTE_REPLY;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import lodestar.slack.SlackText;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Every quote of the library, archived ones too, one row each with how often it was posted, the reactions and thread
 * replies its posts got, and how far the loop on it got: what the dashboard exports, read as a stream in one query.
 */
public final class QuoteLedger {
    /** One quote, its texts as plain text; the author as shown (the anonymised form when one was chosen). */
    public record Row(
            long id,
            Sentiment sentiment,
            String text,
            Optional<String> attribution,
            Optional<String> source,
            List<String> tags,
            Optional<LocalDate> heardOn,
            Instant addedAt,
            Optional<Instant> archivedAt,
            int timesPosted,
            int reactionsAndReplies,
            Optional<String> ownerId,
            Optional<Instant> ownedAt,
            Optional<Instant> resolvedAt,
            Optional<String> resolution) {
        public Row {
            tags = List.copyOf(tags);
        }
    }

    private final DSLContext dsl;

    public QuoteLedger(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Hands each quote of the workspace to {@code row}, oldest first, read through a cursor (in a transaction, so that
     * the driver fetches a thousand rows at a time instead of all of them).
     */
    public void forEach(String teamId, Consumer<Row> row) {
        dsl.transaction(tx -> read(tx.dsl(), teamId, row));
    }

    private static void read(DSLContext dsl, String teamId, Consumer<Row> row) {
        // Counted as the digest counts them: posts Slack took, and the reactions and replies on those.
        var reactions =
                DSL.field(DSL.selectCount().from(QUOTE_REACTION).where(QUOTE_REACTION.POST_ID.eq(QUOTE_POST.ID)));
        var replies = DSL.field(DSL.selectCount().from(QUOTE_REPLY).where(QUOTE_REPLY.POST_ID.eq(QUOTE_POST.ID)));
        var posted = DSL.count().as("posted");
        var engagement = DSL.sum(reactions.plus(replies)).cast(Integer.class).as("engagement");
        var posts = DSL.select(QUOTE_POST.QUOTE_ID, posted, engagement)
                .from(QUOTE_POST)
                .where(QUOTE_POST.TEAM_ID.eq(teamId), QUOTE_POST.POST_TS.isNotNull())
                .groupBy(QUOTE_POST.QUOTE_ID)
                .asTable("posts");
        try (var rows = dsl.select(QUOTE.fields())
                .select(posts.field(posted), posts.field(engagement))
                .from(QUOTE)
                .leftJoin(posts)
                .on(posts.field(QUOTE_POST.QUOTE_ID).eq(QUOTE.ID))
                .where(QUOTE.TEAM_ID.eq(teamId))
                .orderBy(QUOTE.ID)
                .fetchSize(1_000)
                .fetchLazy()) {
            for (var r : rows) {
                var quote = r.into(QUOTE);
                row.accept(new Row(
                        quote.getId(),
                        Sentiment.parse(quote.getSentiment()).orElseThrow(),
                        SlackText.plain(quote.getText()),
                        Optional.ofNullable(quote.getAnonymisedAs())
                                .or(() -> Optional.ofNullable(quote.getAuthor()))
                                .map(SlackText::plain),
                        Optional.ofNullable(quote.getSource()).map(SlackText::plain),
                        Arrays.stream(quote.getTags()).map(SlackText::plain).toList(),
                        Optional.ofNullable(quote.getHeardOn()),
                        quote.getAddedAt().toInstant(),
                        instant(quote.getArchivedAt()),
                        Optional.ofNullable(r.get(posts.field(posted))).orElse(0),
                        Optional.ofNullable(r.get(posts.field(engagement))).orElse(0),
                        Optional.ofNullable(quote.getOwnerId()),
                        instant(quote.getOwnedAt()),
                        instant(quote.getResolvedAt()),
                        Optional.ofNullable(quote.getResolution()).map(SlackText::plain)));
            }
        }
    }

    private static Optional<Instant> instant(OffsetDateTime at) {
        return Optional.ofNullable(at).map(OffsetDateTime::toInstant);
    }
}
