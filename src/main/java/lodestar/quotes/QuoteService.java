package lodestar.quotes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import lodestar.quotes.QuoteOutcome.Claimed;
import lodestar.schedule.Scheduler;
import lodestar.slack.SlackText;
import lodestar.workspace.Actor;
import lodestar.workspace.Change;
import lodestar.workspace.WorkspaceService;
import org.jooq.DSLContext;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.TriggerKey;

/** The voice of the customer: the quote library, daily schedules, the rotation, and closing the loop. */
public final class QuoteService {
    static final String JOB_GROUP = "quotes";
    /** A claim this old without a Slack message was left by a process that stopped before posting it. */
    static final Duration UNPOSTED_AFTER = Duration.ofMinutes(5);
    /** When a scheduled post that failed for a reason that may pass is tried again. */
    static final Duration RETRY_AFTER = Duration.ofMinutes(5);

    private final DSLContext dsl;
    private final WorkspaceService workspace;
    private final Scheduler scheduler;
    private final Clock clock;

    public QuoteService(DSLContext dsl, WorkspaceService workspace, Scheduler scheduler, Clock clock) {
        this.dsl = dsl;
        this.workspace = workspace;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Adds a quote to the library; anyone may. */
    public QuoteOutcome.Add add(Actor actor, QuoteDraft draft) {
        var problems = draft.problems(clock);
        if (!problems.isEmpty()) {
            return new QuoteOutcome.Invalid(problems);
        }
        workspace.settings(actor.teamId(), actor.enterpriseId());
        var repository = new QuoteRepository(dsl);
        // also what a modal submitted twice (or two people adding it at once) finds the second time
        return repository
                .insertUnlessDuplicate(actor.teamId(), draft, actor.userId(), clock.instant())
                .<QuoteOutcome.Add>map(id -> new QuoteOutcome.Added(
                        repository.find(actor.teamId(), id).orElseThrow()))
                .orElse(new QuoteOutcome.Invalid(
                        Map.of(QuoteDraft.Field.TEXT, "This quote is already in the library.")));
    }

    /** The latest active quotes, optionally only praise or critique, matching every word. */
    public List<Quote> search(String teamId, Optional<Sentiment> sentiment, List<String> words) {
        return new QuoteRepository(dsl).search(teamId, sentiment, words, 10);
    }

    public Optional<Quote> find(String teamId, long quoteId) {
        return new QuoteRepository(dsl).find(teamId, quoteId);
    }

    /** Archives a quote (by whoever added it, or an admin); archived quotes are never posted. */
    public QuoteOutcome.Loop archive(Actor actor, long quoteId) {
        var repository = new QuoteRepository(dsl);
        var quote = repository.find(actor.teamId(), quoteId);
        if (quote.isEmpty() || quote.get().archived()) {
            return new QuoteOutcome.NotDone("There is no quote #" + quoteId + " in the library.");
        }
        if (!quote.get().addedBy().equals(actor.userId()) && !workspace.canManage(actor.teamId(), actor.userId())) {
            return new QuoteOutcome.NotDone(
                    "Only the person who added quote #" + quoteId + " or an admin can remove it.");
        }
        repository.archive(actor.teamId(), quoteId, actor.userId(), clock.instant());
        return new QuoteOutcome.Done(repository.find(actor.teamId(), quoteId).orElseThrow());
    }

    /** Sets (or replaces) a channel's daily quote; admins only. */
    public Change schedule(Actor actor, Schedule schedule) {
        if (!workspace.canManage(actor.teamId(), actor.userId())) {
            return new Change.NotAllowed();
        }
        workspace.settings(actor.teamId(), actor.enterpriseId());
        new QuoteRepository(dsl).saveSchedule(actor.teamId(), schedule, clock.instant());
        scheduler.reschedule(
                job(actor.teamId(), schedule.channelId()),
                Scheduler.cron(key(actor.teamId(), schedule.channelId()), schedule.cron(), schedule.zone()));
        return new Change.Applied();
    }

    /**
     * A scheduled post that failed for a reason that may pass (Slack down, rate limited, the network) keeps its
     * claim and is tried again once: the channel's job fires once more, for that day, and posts that day's claim late
     * rather than never, whatever was posted in the channel since.
     */
    void retryLater(String teamId, String channelId, LocalDate day) {
        var now = clock.instant();
        var trigger = Scheduler.once(retryKey(teamId, channelId, now), now.plus(RETRY_AFTER))
                .getTriggerBuilder()
                .usingJobData(QuotePostJob.RETRY_DAY, day.toString())
                .build();
        scheduler.scheduleIfAbsent(job(teamId, channelId), trigger);
    }

    /** One trigger per failed try: the trigger firing now still exists while its job runs and fails again. */
    static TriggerKey retryKey(String teamId, String channelId, Instant failedAt) {
        return new TriggerKey("quote-retry:" + teamId + ":" + channelId + ":" + failedAt.toEpochMilli(), JOB_GROUP);
    }

    private static JobDetail job(String teamId, String channelId) {
        return JobBuilder.newJob(QuotePostJob.class)
                .withIdentity(key(teamId, channelId).getName(), JOB_GROUP)
                .usingJobData(QuotePostJob.TEAM, teamId)
                .usingJobData(QuotePostJob.CHANNEL, channelId)
                .storeDurably()
                // re-run on another instance (or at restart) when the one running it dies mid-way
                .requestRecovery()
                .build();
    }

    /** Stops a channel's daily quote; admins only. */
    public Change unschedule(Actor actor, String channelId) {
        if (!workspace.canManage(actor.teamId(), actor.userId())) {
            return new Change.NotAllowed();
        }
        if (!new QuoteRepository(dsl).deleteSchedule(actor.teamId(), channelId)) {
            return new Change.Invalid("<#" + channelId + "> has no daily quote.");
        }
        scheduler.unschedule(key(actor.teamId(), channelId));
        return new Change.Applied();
    }

    public List<Schedule> schedules(String teamId) {
        return new QuoteRepository(dsl).schedules(teamId);
    }

    public Optional<Schedule> schedule(String teamId, String channelId) {
        return new QuoteRepository(dsl).schedule(teamId, channelId);
    }

    /** When the channel's next scheduled quote is due. */
    public Optional<Instant> nextPost(String teamId, String channelId) {
        return scheduler.nextFireTime(key(teamId, channelId));
    }

    /**
     * Claims the channel's next quote: the other sentiment than the last post when there is one left in the
     * rotation (else the same), never a quote already posted in the channel during the rotation; a new rotation
     * starts when every active quote has been posted there. A scheduled post ({@code day} given) is claimed once
     * per channel and day.
     */
    public QuoteOutcome.Next claimNext(String teamId, String channelId, Optional<LocalDate> day) {
        return dsl.transactionResult(tx -> {
            var repository = new QuoteRepository(tx.dsl());
            repository.lockChannel(teamId, channelId);
            if (day.isPresent() && repository.hasPostFor(teamId, channelId, day.get())) {
                return new QuoteOutcome.AlreadyPosted();
            }
            var last = repository.lastPost(teamId, channelId);
            int rotation = last.map(QuoteRepository.LastPost::rotation).orElse(1);
            var candidates = repository.unposted(teamId, channelId, rotation);
            if (candidates.isEmpty() && last.isPresent()) {
                rotation++;
                candidates = repository.unposted(teamId, channelId, rotation);
            }
            if (candidates.isEmpty()) {
                return new QuoteOutcome.EmptyLibrary();
            }
            var wanted = last.map(post -> post.sentiment().other()).orElse(Sentiment.PRAISE);
            var chosen = candidates.stream()
                    .filter(candidate -> candidate.sentiment() == wanted)
                    .findFirst()
                    .orElse(candidates.get(0));
            long postId = repository.insertPost(teamId, channelId, chosen, rotation, day.orElse(null), clock.instant());
            return new Claimed(
                    postId, channelId, repository.find(teamId, chosen.quoteId()).orElseThrow());
        });
    }

    /**
     * The channel's latest scheduled claim when it was never posted: the process stopped between the claim and
     * chat.postMessage. It is handed out once (another firing sees it as fresh again); a claim younger than
     * {@link #UNPOSTED_AFTER} may still be being posted and is left alone.
     */
    public Optional<Claimed> reclaimUnposted(String teamId, String channelId) {
        return retake(
                teamId,
                channelId,
                repository -> repository.retakeLatestClaim(
                        teamId, channelId, clock.instant().minus(UNPOSTED_AFTER), clock.instant()));
    }

    /**
     * The day's claim when it was never posted, whatever its age, for a firing Quartz recovers: the instance that
     * made the claim died before posting it (Quartz only recovers the firings of instances it found dead), so
     * nobody else is posting it. The take-over is one conditional update: a claim posted meanwhile is not taken,
     * and a taken one looks fresh again to {@link #reclaimUnposted}.
     */
    public Optional<Claimed> takeOverUnposted(String teamId, String channelId, LocalDate day) {
        return retake(
                teamId, channelId, repository -> repository.retakeClaimFor(teamId, channelId, day, clock.instant()));
    }

    private Optional<Claimed> retake(
            String teamId,
            String channelId,
            Function<QuoteRepository, Optional<QuoteRepository.UnpostedClaim>> retaking) {
        return dsl.transactionResult(tx -> {
            var repository = new QuoteRepository(tx.dsl());
            repository.lockChannel(teamId, channelId);
            return retaking.apply(repository).flatMap(claim -> {
                var quote = repository.find(teamId, claim.quoteId()).filter(q -> !q.archived());
                if (quote.isEmpty()) {
                    // archived since it was claimed: the day gets another quote instead
                    repository.deletePost(claim.postId());
                    return Optional.empty();
                }
                return Optional.of(new Claimed(claim.postId(), channelId, quote.get()));
            });
        });
    }

    /** Remembers the Slack message of a post, so that reactions and replies on it count. */
    public void attachPost(long postId, String ts) {
        new QuoteRepository(dsl).setPostTs(postId, ts);
    }

    /** Gives up a claimed post that could not be made, so the quote stays in the rotation. */
    public void cancelPost(long postId) {
        new QuoteRepository(dsl).deletePost(postId);
    }

    /** Records that the schedule's owner is being told about a problem; false when they were told already. */
    public boolean noteProblem(String teamId, String channelId, String problem) {
        return new QuoteRepository(dsl).noteProblem(teamId, channelId, problem);
    }

    public void clearProblem(String teamId, String channelId) {
        new QuoteRepository(dsl).clearProblem(teamId, channelId);
    }

    /** "I'll own this" on a critique: the first person to click owns it. */
    public QuoteOutcome.Loop own(Actor actor, long quoteId) {
        var repository = new QuoteRepository(dsl);
        if (repository.own(actor.teamId(), quoteId, actor.userId(), clock.instant())) {
            return new QuoteOutcome.Done(
                    repository.find(actor.teamId(), quoteId).orElseThrow());
        }
        return repository
                .find(actor.teamId(), quoteId)
                .flatMap(Quote::ownerId)
                .<QuoteOutcome.Loop>map(owner -> owner.equals(actor.userId())
                        ? new QuoteOutcome.Done(
                                repository.find(actor.teamId(), quoteId).orElseThrow())
                        : new QuoteOutcome.NotDone("<@" + owner + "> already owns this critique."))
                .orElse(new QuoteOutcome.NotDone("Only a critique can be owned."));
    }

    /** The owner marks a critique resolved, with a one-line note. */
    public QuoteOutcome.Loop resolve(Actor actor, long quoteId, String note) {
        String line = note == null ? "" : note.strip();
        if (line.isEmpty() || SlackText.plain(line).length() > 200 || line.contains("\n")) {
            return new QuoteOutcome.NotDone("Say in one line (at most 200 characters) how it was resolved.");
        }
        var repository = new QuoteRepository(dsl);
        if (repository.resolve(actor.teamId(), quoteId, actor.userId(), line, clock.instant())) {
            return new QuoteOutcome.Done(
                    repository.find(actor.teamId(), quoteId).orElseThrow());
        }
        return new QuoteOutcome.NotDone("Only the owner of an unresolved critique can mark it resolved.");
    }

    /** Counts a reaction on a quote post; other messages are ignored. */
    public void react(String teamId, String channelId, String ts, String userId, String emoji, boolean added) {
        var repository = new QuoteRepository(dsl);
        repository.postAt(teamId, channelId, ts).ifPresent(postId -> {
            if (added) {
                repository.addReaction(postId, userId, emoji);
            } else {
                repository.removeReaction(postId, userId, emoji);
            }
        });
    }

    /** Counts a thread reply to a quote post; other messages are ignored. */
    public void reply(String teamId, String channelId, String threadTs, String ts) {
        var repository = new QuoteRepository(dsl);
        repository.postAt(teamId, channelId, threadTs).ifPresent(postId -> repository.addReply(postId, ts));
    }

    /** Reactions and thread replies counted on a post. */
    public int engagement(String teamId, String channelId, String ts) {
        var repository = new QuoteRepository(dsl);
        return repository
                .postAt(teamId, channelId, ts)
                .map(postId -> repository.reactions(postId) + repository.replies(postId))
                .orElse(0);
    }

    /** The customer voice in each of the {@code weeks} 7-day periods before {@code end}, oldest first, for the digest. */
    public List<VoiceStats> weeklyStats(String teamId, Instant end, int weeks) {
        return new QuoteRepository(dsl).weeklyStats(teamId, end, weeks);
    }

    /** Critiques posted in [from, to) that still have no owner (at most five), for the digest to ask for one. */
    public List<VoiceStats.Unowned> unownedCritiques(String teamId, Instant from, Instant to) {
        return new QuoteRepository(dsl).unownedCritiques(teamId, from, to);
    }

    static TriggerKey key(String teamId, String channelId) {
        return new TriggerKey("quote:" + teamId + ":" + channelId, JOB_GROUP);
    }
}
