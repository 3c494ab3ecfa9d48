package lodestar.quotes;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.QUOTE;
import static lodestar.db.schema.Tables.QUOTE_POST;
import static lodestar.db.schema.Tables.QUOTE_REACTION;
import static lodestar.db.schema.Tables.QUOTE_REPLY;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Quote posts: the rotation they follow in each channel, the Slack message each became, and the reactions and thread
 * replies on it. Runs in the caller's transaction.
 */
final class PostRepository {
    /** A quote chosen for a channel, with the rotation it belongs to. */
    record Candidate(long quoteId, Sentiment sentiment) {}

    /** A claimed post with no Slack message: its day when it is a scheduled one. */
    record UnpostedClaim(long postId, String channelId, Optional<LocalDate> day) {}

    /** The last post in a channel. */
    record LastPost(Sentiment sentiment, int rotation) {}

    private final DSLContext dsl;

    PostRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Serialises the choice of the next quote for one channel. */
    void lockChannel(String teamId, String channelId) {
        dsl.select(DSL.function(
                        "pg_advisory_xact_lock",
                        Object.class,
                        DSL.function(
                                "hashtextextended",
                                Long.class,
                                DSL.val("quote:" + teamId + ":" + channelId),
                                DSL.val(0L))))
                .fetch();
    }

    boolean hasPostFor(String teamId, String channelId, LocalDate day) {
        return dsl.fetchExists(
                QUOTE_POST,
                QUOTE_POST.TEAM_ID.eq(teamId),
                QUOTE_POST.CHANNEL_ID.eq(channelId),
                QUOTE_POST.SCHEDULED_FOR.eq(day));
    }

    Optional<LastPost> lastPost(String teamId, String channelId) {
        return dsl.select(QUOTE_POST.SENTIMENT, QUOTE_POST.ROTATION)
                .from(QUOTE_POST)
                .where(QUOTE_POST.TEAM_ID.eq(teamId), QUOTE_POST.CHANNEL_ID.eq(channelId))
                .orderBy(QUOTE_POST.ID.desc())
                .limit(1)
                .fetchOptional(r -> new LastPost(Sentiment.parse(r.value1()).orElseThrow(), r.value2()));
    }

    /** Active quotes not yet posted in the channel during the rotation, oldest first. */
    List<Candidate> unposted(String teamId, String channelId, int rotation) {
        return dsl.select(QUOTE.ID, QUOTE.SENTIMENT)
                .from(QUOTE)
                .where(QUOTE.TEAM_ID.eq(teamId), QUOTE.ARCHIVED_AT.isNull())
                .andNotExists(DSL.selectOne()
                        .from(QUOTE_POST)
                        .where(
                                QUOTE_POST.QUOTE_ID.eq(QUOTE.ID),
                                QUOTE_POST.CHANNEL_ID.eq(channelId),
                                QUOTE_POST.ROTATION.eq(rotation)))
                .orderBy(QUOTE.ID)
                .fetch(r ->
                        new Candidate(r.value1(), Sentiment.parse(r.value2()).orElseThrow()));
    }

    long insertPost(
            String teamId, String channelId, Candidate quote, int rotation, LocalDate scheduledFor, Instant at) {
        return dsl.insertInto(QUOTE_POST)
                .set(QUOTE_POST.TEAM_ID, teamId)
                .set(QUOTE_POST.CHANNEL_ID, channelId)
                .set(QUOTE_POST.QUOTE_ID, quote.quoteId())
                .set(QUOTE_POST.SENTIMENT, quote.sentiment().label())
                .set(QUOTE_POST.ROTATION, rotation)
                .set(QUOTE_POST.SCHEDULED_FOR, scheduledFor)
                .set(QUOTE_POST.POSTED_AT, utc(at))
                .returning(QUOTE_POST.ID)
                .fetchSingle(QUOTE_POST.ID);
    }

    /** The quote a claimed post is of; empty once the claim was given back. */
    Optional<Long> quoteOf(String teamId, long postId) {
        return dsl.select(QUOTE_POST.QUOTE_ID)
                .from(QUOTE_POST)
                .where(QUOTE_POST.TEAM_ID.eq(teamId), QUOTE_POST.ID.eq(postId))
                .fetchOptional(QUOTE_POST.QUOTE_ID);
    }

    /** The quote's claimed posts that Slack has not taken yet (their messages wait in the outbox). */
    List<UnpostedClaim> unpostedClaims(String teamId, long quoteId) {
        return dsl.select(QUOTE_POST.ID, QUOTE_POST.CHANNEL_ID, QUOTE_POST.SCHEDULED_FOR)
                .from(QUOTE_POST)
                .where(QUOTE_POST.TEAM_ID.eq(teamId), QUOTE_POST.QUOTE_ID.eq(quoteId), QUOTE_POST.POST_TS.isNull())
                .fetch(r -> new UnpostedClaim(r.value1(), r.value2(), Optional.ofNullable(r.value3())));
    }

    void deletePost(long postId) {
        dsl.deleteFrom(QUOTE_POST).where(QUOTE_POST.ID.eq(postId)).execute();
    }

    /** Records the Slack message of a post; a post keeps the first one recorded. */
    void setPostTs(long postId, String ts) {
        dsl.update(QUOTE_POST)
                .set(QUOTE_POST.POST_TS, ts)
                .where(QUOTE_POST.ID.eq(postId), QUOTE_POST.POST_TS.isNull())
                .execute();
    }

    Optional<Long> postAt(String teamId, String channelId, String ts) {
        return dsl.select(QUOTE_POST.ID)
                .from(QUOTE_POST)
                .where(QUOTE_POST.TEAM_ID.eq(teamId), QUOTE_POST.CHANNEL_ID.eq(channelId), QUOTE_POST.POST_TS.eq(ts))
                .fetchOptional(QUOTE_POST.ID);
    }

    void addReaction(long postId, String userId, String reaction) {
        dsl.insertInto(
                        QUOTE_REACTION,
                        QUOTE_REACTION.POST_ID,
                        QUOTE_REACTION.TEAM_ID,
                        QUOTE_REACTION.USER_ID,
                        QUOTE_REACTION.REACTION)
                .values(
                        DSL.val(postId),
                        DSL.field(
                                DSL.select(QUOTE_POST.TEAM_ID).from(QUOTE_POST).where(QUOTE_POST.ID.eq(postId))),
                        DSL.val(userId),
                        DSL.val(reaction))
                .onConflictDoNothing()
                .execute();
    }

    void removeReaction(long postId, String userId, String reaction) {
        dsl.deleteFrom(QUOTE_REACTION)
                .where(
                        QUOTE_REACTION.POST_ID.eq(postId),
                        QUOTE_REACTION.USER_ID.eq(userId),
                        QUOTE_REACTION.REACTION.eq(reaction))
                .execute();
    }

    void addReply(long postId, String replyTs) {
        dsl.insertInto(QUOTE_REPLY, QUOTE_REPLY.POST_ID, QUOTE_REPLY.TEAM_ID, QUOTE_REPLY.REPLY_TS)
                .values(
                        DSL.val(postId),
                        DSL.field(
                                DSL.select(QUOTE_POST.TEAM_ID).from(QUOTE_POST).where(QUOTE_POST.ID.eq(postId))),
                        DSL.val(replyTs))
                .onConflictDoNothing()
                .execute();
    }

    int reactions(long postId) {
        return dsl.fetchCount(QUOTE_REACTION, QUOTE_REACTION.POST_ID.eq(postId));
    }

    int replies(long postId) {
        return dsl.fetchCount(QUOTE_REPLY, QUOTE_REPLY.POST_ID.eq(postId));
    }
}
