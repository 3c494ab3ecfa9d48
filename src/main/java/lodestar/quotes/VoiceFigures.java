package lodestar.quotes;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.QUOTE;
import static lodestar.db.schema.Tables.QUOTE_POST;
import static lodestar.db.schema.Tables.QUOTE_REACTION;
import static lodestar.db.schema.Tables.QUOTE_REPLY;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lodestar.db.Weeks;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The SQL of the customer voice's figures over periods (the digest's and the dashboard's): quote posts and their
 * engagement, and what became of the critiques posted. Runs in the caller's transaction.
 */
final class VoiceFigures {
    private final DSLContext dsl;

    VoiceFigures(DSLContext dsl) {
        this.dsl = dsl;
    }

    private static org.jooq.Condition postedIn(String teamId, Instant from, Instant to) {
        return QUOTE_POST
                .TEAM_ID
                .eq(teamId)
                .and(QUOTE_POST.POSTED_AT.ge(utc(from)))
                .and(QUOTE_POST.POSTED_AT.lt(utc(to)))
                .and(QUOTE_POST.POST_TS.isNotNull());
    }

    /**
     * Per 7-day period before {@code end}, oldest first: quote posts, their reactions and replies, and the critiques
     * posted — how many, how many got an owner, and how many of those were resolved.
     */
    List<VoiceStats> weeklyStats(String teamId, Instant end, int weeks) {
        var period = new Weeks(end, weeks);
        var reactions =
                DSL.field(DSL.selectCount().from(QUOTE_REACTION).where(QUOTE_REACTION.POST_ID.eq(QUOTE_POST.ID)));
        var replies = DSL.field(DSL.selectCount().from(QUOTE_REPLY).where(QUOTE_REPLY.POST_ID.eq(QUOTE_POST.ID)));
        var critique = QUOTE_POST.SENTIMENT.eq(Sentiment.CRITIQUE.label());
        var owned = critique.and(QUOTE.OWNER_ID.isNotNull());
        Map<Instant, VoiceStats> found = new HashMap<>();
        dsl.select(
                        period.bin(QUOTE_POST.POSTED_AT),
                        DSL.count(),
                        DSL.sum(reactions.plus(replies)).cast(Integer.class),
                        DSL.countDistinct(QUOTE.ID).filterWhere(critique),
                        DSL.countDistinct(QUOTE.ID).filterWhere(owned),
                        DSL.countDistinct(QUOTE.ID).filterWhere(owned.and(QUOTE.RESOLVED_AT.isNotNull())))
                .from(QUOTE_POST)
                .join(QUOTE)
                .on(QUOTE.ID.eq(QUOTE_POST.QUOTE_ID))
                .where(postedIn(teamId, period.from(), end))
                .groupBy(DSL.inline(1))
                .forEach(r -> found.put(
                        r.value1().toInstant(),
                        new VoiceStats(r.value2(), r.value3(), r.value4(), r.value5(), r.value6())));
        return period.starts().stream()
                .map(at -> found.getOrDefault(at, new VoiceStats(0, 0, 0, 0, 0)))
                .toList();
    }

    /** Critiques posted in [from, to) that still have no owner (at most five), with where they were posted. */
    List<VoiceStats.Unowned> unownedCritiques(String teamId, Instant from, Instant to, int limit) {
        return dsl.select(QUOTE.ID, QUOTE.TEXT, QUOTE_POST.CHANNEL_ID, QUOTE_POST.POST_TS)
                .distinctOn(QUOTE.ID)
                .from(QUOTE_POST)
                .join(QUOTE)
                .on(QUOTE.ID.eq(QUOTE_POST.QUOTE_ID))
                .where(postedIn(teamId, from, to)
                        .and(QUOTE_POST.SENTIMENT.eq(Sentiment.CRITIQUE.label()))
                        .and(QUOTE.OWNER_ID.isNull())
                        .and(QUOTE.ARCHIVED_AT.isNull()))
                .orderBy(QUOTE.ID, QUOTE_POST.POSTED_AT.desc())
                .limit(limit)
                .fetch(r -> new VoiceStats.Unowned(r.value1(), r.value2(), r.value3(), r.value4()));
    }
}
