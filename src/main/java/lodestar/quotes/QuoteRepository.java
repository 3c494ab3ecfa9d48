package lodestar.quotes;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.QUOTE;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lodestar.db.schema.tables.records.QuoteRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The quote table: the library, and who owns and resolved each critique. Runs in the caller's transaction. */
final class QuoteRepository {
    private final DSLContext dsl;

    QuoteRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Adds the quote unless the library holds an exact duplicate (same text, sentiment and author, active or
     * archived: the unique index quote_exact_duplicate_idx), which is then left as it is; empty in that case.
     */
    Optional<Long> insertUnlessDuplicate(String teamId, QuoteDraft draft, String addedBy, Instant at) {
        return dsl.insertInto(QUOTE)
                .set(QUOTE.TEAM_ID, teamId)
                .set(QUOTE.TEXT, draft.text())
                .set(QUOTE.SENTIMENT, draft.sentiment().orElseThrow().label())
                .set(QUOTE.AUTHOR, draft.author().orElse(null))
                .set(QUOTE.ANONYMISED_AS, draft.anonymisedAs().orElse(null))
                .set(QUOTE.SOURCE, draft.source().orElse(null))
                .set(QUOTE.TAGS, draft.tags().toArray(String[]::new))
                .set(QUOTE.HEARD_ON, draft.heardOn().orElse(null))
                .set(QUOTE.ADDED_BY, addedBy)
                .set(QUOTE.ADDED_AT, utc(at))
                .onConflictDoNothing()
                .returning(QUOTE.ID)
                .fetchOptional(QUOTE.ID);
    }

    Optional<Quote> find(String teamId, long id) {
        return dsl.selectFrom(QUOTE)
                .where(QUOTE.TEAM_ID.eq(teamId), QUOTE.ID.eq(id))
                .fetchOptional(QuoteRepository::toQuote);
    }

    /** The latest active quotes matching the sentiment (if given) and every word. */
    List<Quote> search(String teamId, Optional<Sentiment> sentiment, List<String> words, int limit) {
        Condition condition = QUOTE.TEAM_ID.eq(teamId).and(QUOTE.ARCHIVED_AT.isNull());
        if (sentiment.isPresent()) {
            condition = condition.and(QUOTE.SENTIMENT.eq(sentiment.get().label()));
        }
        for (String word : words) {
            String pattern =
                    "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            condition = condition.and(QUOTE.TEXT
                    .likeIgnoreCase(pattern)
                    // An anonymised quote is found by what it shows, never by the author it hides.
                    .or(DSL.coalesce(QUOTE.ANONYMISED_AS, QUOTE.AUTHOR).likeIgnoreCase(pattern))
                    .or(QUOTE.SOURCE.likeIgnoreCase(pattern))
                    .or(DSL.condition("array_to_string({0}, ' ') ilike {1}", QUOTE.TAGS, DSL.val(pattern))));
        }
        return dsl.selectFrom(QUOTE)
                .where(condition)
                .orderBy(QUOTE.ID.desc())
                .limit(limit)
                .fetch(QuoteRepository::toQuote);
    }

    boolean archive(String teamId, long id, String byUserId, Instant at) {
        return dsl.update(QUOTE)
                        .set(QUOTE.ARCHIVED_AT, utc(at))
                        .set(QUOTE.ARCHIVED_BY, byUserId)
                        .where(QUOTE.TEAM_ID.eq(teamId), QUOTE.ID.eq(id), QUOTE.ARCHIVED_AT.isNull())
                        .execute()
                == 1;
    }

    /** Takes ownership of a critique nobody owns yet; false when someone does. */
    boolean own(String teamId, long id, String userId, Instant at) {
        return dsl.update(QUOTE)
                        .set(QUOTE.OWNER_ID, userId)
                        .set(QUOTE.OWNED_AT, utc(at))
                        .where(
                                QUOTE.TEAM_ID.eq(teamId),
                                QUOTE.ID.eq(id),
                                QUOTE.OWNER_ID.isNull(),
                                QUOTE.SENTIMENT.eq(Sentiment.CRITIQUE.label()))
                        .execute()
                == 1;
    }

    /** Marks an owned critique resolved, by its owner; false otherwise. */
    boolean resolve(String teamId, long id, String ownerId, String note, Instant at) {
        return dsl.update(QUOTE)
                        .set(QUOTE.RESOLVED_AT, utc(at))
                        .set(QUOTE.RESOLUTION, note)
                        .where(
                                QUOTE.TEAM_ID.eq(teamId),
                                QUOTE.ID.eq(id),
                                QUOTE.OWNER_ID.eq(ownerId),
                                QUOTE.RESOLVED_AT.isNull())
                        .execute()
                == 1;
    }

    private static Quote toQuote(QuoteRecord r) {
        return new Quote(
                r.getId(),
                r.getTeamId(),
                r.getText(),
                Sentiment.valueOf(r.getSentiment().toUpperCase(Locale.ROOT)),
                Optional.ofNullable(r.getAuthor()),
                Optional.ofNullable(r.getAnonymisedAs()),
                Optional.ofNullable(r.getSource()),
                Arrays.asList(r.getTags()),
                Optional.ofNullable(r.getHeardOn()),
                r.getAddedBy(),
                r.getArchivedAt() != null,
                Optional.ofNullable(r.getOwnerId()),
                r.getResolvedAt() != null,
                Optional.ofNullable(r.getResolution()));
    }
}
