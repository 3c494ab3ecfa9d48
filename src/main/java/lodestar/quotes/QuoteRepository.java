package lodestar.quotes;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.QUOTE;
import static lodestar.db.schema.Tables.QUOTE_POST;
import static lodestar.db.schema.Tables.QUOTE_REACTION;
import static lodestar.db.schema.Tables.QUOTE_REPLY;
import static lodestar.db.schema.Tables.QUOTE_SCHEDULE;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lodestar.db.Weeks;
import lodestar.db.schema.tables.records.QuoteRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The quote tables. Runs in the caller's transaction. */
final class QuoteRepository {
    /** A quote chosen for a channel, with the rotation it belongs to. */
    record Candidate(long quoteId, Sentiment sentiment) {}

    /** A claimed post with no Slack message: its day when it is a scheduled one. */
    record UnpostedClaim(long postId, String channelId, Optional<LocalDate> day) {}

    /** The last post in a channel. */
    record LastPost(Sentiment sentiment, int rotation) {}

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

    // Schedules

    void saveSchedule(String teamId, Schedule schedule, Instant at) {
        dsl.insertInto(QUOTE_SCHEDULE)
                .set(QUOTE_SCHEDULE.TEAM_ID, teamId)
                .set(QUOTE_SCHEDULE.CHANNEL_ID, schedule.channelId())
                .set(QUOTE_SCHEDULE.LOCAL_TIME, schedule.time())
                .set(QUOTE_SCHEDULE.ZONE, schedule.zone().getId())
                .set(QUOTE_SCHEDULE.DAYS, schedule.days())
                .set(QUOTE_SCHEDULE.OWNER_ID, schedule.ownerId())
                .set(QUOTE_SCHEDULE.CREATED_AT, utc(at))
                .onConflict(QUOTE_SCHEDULE.TEAM_ID, QUOTE_SCHEDULE.CHANNEL_ID)
                .doUpdate()
                .set(QUOTE_SCHEDULE.LOCAL_TIME, schedule.time())
                .set(QUOTE_SCHEDULE.ZONE, schedule.zone().getId())
                .set(QUOTE_SCHEDULE.DAYS, schedule.days())
                .set(QUOTE_SCHEDULE.OWNER_ID, schedule.ownerId())
                .setNull(QUOTE_SCHEDULE.PROBLEM)
                .execute();
    }

    boolean deleteSchedule(String teamId, String channelId) {
        return dsl.deleteFrom(QUOTE_SCHEDULE)
                        .where(QUOTE_SCHEDULE.TEAM_ID.eq(teamId), QUOTE_SCHEDULE.CHANNEL_ID.eq(channelId))
                        .execute()
                == 1;
    }

    List<Schedule> schedules(String teamId) {
        return dsl.selectFrom(QUOTE_SCHEDULE)
                .where(QUOTE_SCHEDULE.TEAM_ID.eq(teamId))
                .orderBy(QUOTE_SCHEDULE.CHANNEL_ID)
                .fetch(r -> new Schedule(
                        r.getChannelId(), r.getLocalTime(), ZoneId.of(r.getZone()), r.getDays(), r.getOwnerId()));
    }

    Optional<Schedule> schedule(String teamId, String channelId) {
        return schedules(teamId).stream()
                .filter(s -> s.channelId().equals(channelId))
                .findFirst();
    }

    /** Records the problem the schedule's owner is told about; false when they were told already. */
    boolean noteProblem(String teamId, String channelId, String problem) {
        return dsl.update(QUOTE_SCHEDULE)
                        .set(QUOTE_SCHEDULE.PROBLEM, problem)
                        .where(
                                QUOTE_SCHEDULE.TEAM_ID.eq(teamId),
                                QUOTE_SCHEDULE.CHANNEL_ID.eq(channelId),
                                QUOTE_SCHEDULE.PROBLEM.isDistinctFrom(problem))
                        .execute()
                == 1;
    }

    void clearProblem(String teamId, String channelId) {
        dsl.update(QUOTE_SCHEDULE)
                .setNull(QUOTE_SCHEDULE.PROBLEM)
                .where(QUOTE_SCHEDULE.TEAM_ID.eq(teamId), QUOTE_SCHEDULE.CHANNEL_ID.eq(channelId))
                .execute();
    }

    // Posts and rotation

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
