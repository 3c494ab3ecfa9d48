package lodestar.quotes;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lodestar.delivery.Outbox;
import lodestar.schedule.Scheduler;
import lodestar.workspace.Actor;
import lodestar.workspace.Change;
import lodestar.workspace.WorkspaceService;
import org.jooq.DSLContext;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.TriggerKey;

/**
 * The voice of the customer: the quote library, daily schedules, the rotation, and closing the loop. The messages
 * these cause (a quote's post, a message brought up to date, a DM) are written to the outbox in the same
 * transaction as the change, under the keys of {@link QuoteDeliveries}; the caller then delivers them. Which quote a
 * channel gets next is {@link QuoteRotation}; owning and resolving a critique is {@link CritiqueLoop}.
 */
public final class QuoteService {
    static final String JOB_GROUP = "quotes";

    private final DSLContext dsl;
    private final WorkspaceService workspace;
    private final Scheduler scheduler;
    private final Clock clock;
    private final QuoteRotation rotation;
    private final CritiqueLoop loop;

    public QuoteService(DSLContext dsl, WorkspaceService workspace, Scheduler scheduler, Clock clock) {
        this.dsl = dsl;
        this.workspace = workspace;
        this.scheduler = scheduler;
        this.clock = clock;
        this.rotation = new QuoteRotation(dsl, clock);
        this.loop = new CritiqueLoop(dsl, clock);
    }

    /** Adds a quote to the library; anyone may. */
    public QuoteOutcome.Add add(Actor actor, QuoteDraft draft) {
        return add(actor, draft, false);
    }

    /** As {@link #add}, thanking the person by DM (with the quote's number) when it is added. */
    QuoteOutcome.Add addAndThank(Actor actor, QuoteDraft draft) {
        return add(actor, draft, true);
    }

    private QuoteOutcome.Add add(Actor actor, QuoteDraft draft, boolean thank) {
        var problems = draft.problems(clock);
        if (!problems.isEmpty()) {
            return new QuoteOutcome.Invalid(problems);
        }
        workspace.settings(actor.teamId(), actor.enterpriseId());
        var now = clock.instant();
        return dsl.transactionResult(tx -> {
            var repository = new QuoteRepository(tx.dsl());
            // also what a modal submitted twice (or two people adding it at once) finds the second time
            var added = repository
                    .insertUnlessDuplicate(actor.teamId(), draft, actor.userId(), now)
                    .map(id -> repository.find(actor.teamId(), id).orElseThrow());
            if (added.isEmpty()) {
                return new QuoteOutcome.Invalid(Map.of(QuoteDraft.Field.TEXT, "This quote is already in the library."));
            }
            var quote = added.get();
            if (thank) {
                Outbox.enqueue(
                        tx.dsl(),
                        QuoteDeliveries.notice(
                                actor.teamId(),
                                QuoteDeliveries.thanksKey(quote.id()),
                                actor.userId(),
                                QuoteMessages.added(quote)),
                        now);
            }
            return new QuoteOutcome.Added(quote);
        });
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
        var now = clock.instant();
        dsl.transaction(tx -> {
            new QuoteRepository(tx.dsl()).archive(actor.teamId(), quoteId, actor.userId(), now);
            QuoteDeliveries.withdrawUnposted(tx.dsl(), actor.teamId(), quoteId, now);
        });
        return new QuoteOutcome.Done(repository.find(actor.teamId(), quoteId).orElseThrow());
    }

    /** Sets (or replaces) a channel's daily quote; admins only. */
    public Change schedule(Actor actor, Schedule schedule) {
        if (!workspace.canManage(actor.teamId(), actor.userId())) {
            return new Change.NotAllowed();
        }
        workspace.settings(actor.teamId(), actor.enterpriseId());
        new ScheduleRepository(dsl).saveSchedule(actor.teamId(), schedule, clock.instant());
        scheduler.reschedule(
                job(actor.teamId(), schedule.channelId()),
                Scheduler.cron(key(actor.teamId(), schedule.channelId()), schedule.cron(), schedule.zone()));
        return new Change.Applied();
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
        if (!new ScheduleRepository(dsl).deleteSchedule(actor.teamId(), channelId)) {
            return new Change.Invalid("<#" + channelId + "> has no daily quote.");
        }
        scheduler.unschedule(key(actor.teamId(), channelId));
        return new Change.Applied();
    }

    public List<Schedule> schedules(String teamId) {
        return new ScheduleRepository(dsl).schedules(teamId);
    }

    public Optional<Schedule> schedule(String teamId, String channelId) {
        return new ScheduleRepository(dsl).schedule(teamId, channelId);
    }

    /** When the channel's next scheduled quote is due. */
    public Optional<Instant> nextPost(String teamId, String channelId) {
        return scheduler.nextFireTime(key(teamId, channelId));
    }

    /**
     * Claims the channel's next quote and enqueues its post, in one transaction: the other sentiment than the last
     * post when there is one left in the rotation (else the same), never a quote already posted in the channel
     * during the rotation; a new rotation starts when every active quote has been posted there. A scheduled post
     * ({@code day} given) is claimed once per channel and day: a day whose post exists, whether waiting, sent or
     * refused, is {@link QuoteOutcome.AlreadyPosted}, and a scheduled day that finds the library empty tells the
     * schedule's owner, once.
     */
    public QuoteOutcome.Next claimNext(String teamId, String channelId, Optional<LocalDate> day) {
        return rotation.claimNext(teamId, channelId, day, Optional.empty());
    }

    /**
     * As {@link #claimNext(String, String, Optional)}, for a post now that {@code adminId} asked for with the command
     * {@code triggerId}, who hears of a refusal. Once per command: done again, it finds what its first run claimed
     * ({@link QuoteOutcome.Claimed} the same post, or {@link QuoteOutcome.NotPosted}) and claims nothing.
     */
    QuoteOutcome.Next claimNow(String teamId, String channelId, String adminId, String triggerId) {
        return rotation.claimNext(
                teamId, channelId, Optional.empty(), Optional.of(new QuoteRotation.Command(adminId, triggerId)));
    }

    /** Remembers the Slack message of a post made outside the outbox, so that reactions and replies on it count. */
    public void attachPost(long postId, String ts) {
        new PostRepository(dsl).setPostTs(postId, ts);
    }

    /** "I'll own this" on a critique: the first person to click owns it. */
    public QuoteOutcome.Loop own(Actor actor, long quoteId) {
        return own(actor, quoteId, Optional.empty());
    }

    /** As {@link #own(Actor, long)}, bringing the message it was clicked on up to date. */
    QuoteOutcome.Loop own(Actor actor, long quoteId, Optional<QuoteDeliveries.Shown> shown) {
        return loop.own(actor, quoteId, shown);
    }

    /** The owner marks a critique resolved, with a one-line note. */
    public QuoteOutcome.Loop resolve(Actor actor, long quoteId, String note) {
        return resolve(actor, quoteId, note, Optional.empty());
    }

    /** As {@link #resolve(Actor, long, String)}, bringing the message it was resolved from up to date. */
    QuoteOutcome.Loop resolve(Actor actor, long quoteId, String note, Optional<QuoteDeliveries.Shown> shown) {
        return loop.resolve(actor, quoteId, note, shown);
    }

    /** Counts a reaction on a quote post; other messages are ignored. */
    public void react(String teamId, String channelId, String ts, String userId, String emoji, boolean added) {
        var repository = new PostRepository(dsl);
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
        var repository = new PostRepository(dsl);
        repository.postAt(teamId, channelId, threadTs).ifPresent(postId -> repository.addReply(postId, ts));
    }

    /** Reactions and thread replies counted on a post. */
    public int engagement(String teamId, String channelId, String ts) {
        var repository = new PostRepository(dsl);
        return repository
                .postAt(teamId, channelId, ts)
                .map(postId -> repository.reactions(postId) + repository.replies(postId))
                .orElse(0);
    }

    /** The customer voice in each of the {@code weeks} 7-day periods before {@code end}, oldest first, for the digest. */
    public List<VoiceStats> weeklyStats(String teamId, Instant end, int weeks) {
        return new VoiceFigures(dsl).weeklyStats(teamId, end, weeks);
    }

    /** Critiques posted in [from, to) that still have no owner (at most five), for the digest to ask for one. */
    public List<VoiceStats.Unowned> unownedCritiques(String teamId, Instant from, Instant to) {
        return unownedCritiques(teamId, from, to, 5);
    }

    /** Critiques posted in [from, to) that still have no owner, the {@code limit} oldest quotes first. */
    public List<VoiceStats.Unowned> unownedCritiques(String teamId, Instant from, Instant to, int limit) {
        return new VoiceFigures(dsl).unownedCritiques(teamId, from, to, limit);
    }

    static TriggerKey key(String teamId, String channelId) {
        return new TriggerKey("quote:" + teamId + ":" + channelId, JOB_GROUP);
    }
}
