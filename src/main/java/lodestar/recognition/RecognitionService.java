package lodestar.recognition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lodestar.db.Weeks;
import lodestar.delivery.Message;
import lodestar.delivery.SlackLimits;
import lodestar.recognition.GiveResult.Field;
import lodestar.recognition.GiveResult.Problem;
import lodestar.slack.SlackUser;
import lodestar.slack.SlackUsers;
import lodestar.workspace.Actor;
import lodestar.workspace.WorkspaceService;
import org.jooq.DSLContext;

/**
 * Recognition: the rules of giving kudos, taking them back, and reading them. What a give is checked against is
 * {@link GiveChecks}, what a giver has left is {@link Allowances}, and taking a kudos back is {@link Withdrawals}.
 */
public final class RecognitionService {
    public static final int MAX_RECIPIENTS = 10;
    public static final int REASON_MIN = 10;
    public static final int REASON_MAX = 1000;
    public static final int IMPACT_MAX = 500;
    public static final Duration UNDO_WINDOW = Duration.ofMinutes(15);

    private final DSLContext dsl;
    private final SlackLimits limits;
    private final WorkspaceService workspace;
    private final SlackUsers users;
    private final Clock clock;
    private final ClosedWeeks closedWeeks;
    private final Allowances allowances;
    private final Withdrawals withdrawals;

    public RecognitionService(
            DSLContext dsl, WorkspaceService workspace, SlackUsers users, SlackLimits limits, Clock clock) {
        this.dsl = dsl;
        this.limits = limits;
        this.workspace = workspace;
        this.users = users;
        this.clock = clock;
        this.closedWeeks = new ClosedWeeks(dsl, clock);
        this.allowances = new Allowances(users, clock);
        this.withdrawals = new Withdrawals(dsl, workspace, allowances, clock);
    }

    /**
     * Records a give after checking every rule: real, active recipients other than the giver, known values,
     * a reason, a channel to post in, and the giver's allowance. A request seen before returns the kudos it
     * recorded, marked repeated.
     *
     * <p>For a give the inbox recorded before its ack and does again until it is marked done: its commit does not wait
     * for the disk. Lost in a crash of the database server, it is lost with its post and its mark done (the WAL is
     * flushed in order), and done again; a post cannot go out before the give is on disk, as the mark that it is on its
     * way waits for the disk. Its giver may have been answered already, and then hears again.
     */
    public GiveResult giveFromInbox(GiveRequest request) {
        return give(request, users::answer, true);
    }

    /**
     * Like {@link #giveFromInbox}, but answers within {@code budget}, for a handler that must ack in 3 seconds: the giver
     * and the recipients are looked up in parallel, once each, without waiting out a rate limit. Empty when Slack
     * could not tell about all of them in time; nothing is stored then, and the caller gives after the ack.
     */
    public Optional<GiveResult> giveWithin(GiveRequest request, Duration budget) {
        var giver = request.giver();
        List<String> people = new ArrayList<>();
        people.add(giver.userId());
        if (request.recipients().size() <= MAX_RECIPIENTS) {
            people.addAll(request.recipients());
        }
        var known = users.findWithin(giver.teamId(), people, budget);
        if (!known.keySet().containsAll(people)) {
            return Optional.empty();
        }
        return Optional.of(give(request, (teamId, userId) -> Optional.ofNullable(known.get(userId)), false));
    }

    private GiveResult give(GiveRequest request, GiveChecks.Directory directory, boolean redoneIfLost) {
        var giver = request.giver();
        var settings = workspace.settings(giver.teamId(), giver.enterpriseId());
        var recipients = List.copyOf(new LinkedHashSet<>(request.recipients()));
        List<Problem> problems = new ArrayList<>();
        GiveChecks.checkRecipients(directory, giver, recipients).ifPresent(problems::add);
        var values = GiveChecks.resolveValues(request.values(), settings.values(), problems);
        GiveChecks.checkTexts(request, problems);
        String postChannel = settings.kudosChannel().orElse(request.originChannelId());
        GiveChecks.checkChannel(postChannel, problems);
        if (!problems.isEmpty()) {
            return new GiveResult.Rejected(problems);
        }
        var zone = directory
                .find(giver.teamId(), giver.userId())
                .flatMap(user -> user)
                .map(SlackUser::timeZone)
                .orElse(ZoneOffset.UTC);
        boolean byLeader = settings.leaders().contains(giver.userId());
        return dsl.transactionResult(tx -> {
            var repository = new RecognitionRepository(tx.dsl());
            repository.lockGiver(giver.teamId(), giver.userId(), redoneIfLost);
            var left = allowances.remaining(repository, giver, settings, zone);
            if (recipients.size() > left.left()) {
                // unless this very give was recorded before (a retry), and took its share of the allowance then
                return repository
                        .findByKey(giver.teamId(), request.idempotencyKey())
                        .<GiveResult>map(existing -> new GiveResult.Given(existing, left))
                        .orElseGet(() -> new GiveResult.Rejected(
                                new Problem(Field.ALLOWANCE, GiveChecks.allowanceExceeded(left, recipients.size()))));
            }
            var kudos = new Kudos(
                    0,
                    giver.teamId(),
                    giver.userId(),
                    recipients,
                    values,
                    request.reason(),
                    request.customerImpact(),
                    request.link(),
                    clock.instant(),
                    byLeader,
                    postChannel,
                    Optional.empty(),
                    Optional.empty(),
                    request.quote());
            var inserted = repository.insert(kudos, request.idempotencyKey());
            if (inserted.isEmpty()) { // recorded before (a retry, a double submission): it answers, nothing is new
                var existing = repository.findByKey(giver.teamId(), request.idempotencyKey());
                return new GiveResult.Given(existing.orElseThrow(), left);
            }
            long id = inserted.get();
            // as it would be read back: reading it again was a sixth of a give's CPU
            var stored = kudos.recorded(id);
            // its post is sent exactly when the kudos exists: in the same transaction; due in its turn if that is not
            // now, rather than put back after the transaction
            var turn = limits.turnIfNotNow(giver.teamId(), Message.POST, postChannel);
            long post = KudosOutbox.enqueuePost(tx.dsl(), stored, KudosOutbox.postKey(id), clock.instant(), turn);
            // what was left, less what was just given: no need to count again
            var after = new Remaining(left.left() - recipients.size(), left.allowance(), left.resetsAt());
            return new GiveResult.Given(stored, after, Optional.of(post), turn.isPresent());
        });
    }

    /** Remembers the public post of a kudos, so that reactions on it count and undo can update it. */
    public void attachPost(String teamId, long kudosId, String ts) {
        new RecognitionRepository(dsl).setPost(kudosId, ts);
    }

    /** The giver takes a kudos back within {@link #UNDO_WINDOW}; the allowance returns. */
    public Withdrawn undo(Actor actor, long kudosId) {
        return undo(actor, kudosId, clock.instant());
    }

    /** The giver's Undo, clicked at {@code clickedAt} (its work may come later: the window counts to the click). */
    Withdrawn undo(Actor actor, long kudosId, Instant clickedAt) {
        return withdrawals.withdraw(actor, kudosId, Kudos.Withdrawal.UNDO, kudos -> {
            if (!kudos.giverId().equals(actor.userId())) {
                return Optional.of("Only the person who gave a kudos can undo it.");
            }
            if (kudos.withdrawal().isPresent()) {
                return Optional.empty(); // said so below, whenever it was clicked
            }
            if (clickedAt.isAfter(kudos.givenAt().plus(UNDO_WINDOW))) {
                return Optional.of("It's been more than " + UNDO_WINDOW.toMinutes() + " minutes, so this kudos stays."
                        + " An admin can remove it with `/kudos remove " + kudos.id() + "` if it must go.");
            }
            return Optional.empty();
        });
    }

    /** An admin removes a kudos (moderation); who and when are recorded, and it stops counting. */
    public Withdrawn remove(Actor actor, long kudosId) {
        if (!workspace.canManage(actor.teamId(), actor.userId())) {
            return new Withdrawn.Refused("Only workspace admins, owners and Lodestar admins can remove kudos.");
        }
        return withdrawals.withdraw(actor, kudosId, Kudos.Withdrawal.MODERATION, kudos -> Optional.empty());
    }

    /** Counts a reaction added to (or removed from) a kudos post; other messages are ignored. */
    public void react(String teamId, String channelId, String ts, String userId, String reaction, boolean added) {
        dsl.transaction(tx -> {
            var repository = new RecognitionRepository(tx.dsl());
            repository.findByPost(teamId, channelId, ts).ifPresent(kudosId -> {
                if (added) {
                    repository.addReaction(kudosId, userId, reaction);
                } else {
                    repository.removeReaction(kudosId, userId, reaction);
                }
            });
        });
    }

    /** Reactions counted on a kudos post. */
    public int reactions(long kudosId) {
        return new RecognitionRepository(dsl).reactions(kudosId);
    }

    /** A kudos by id, within the workspace. */
    public Optional<Kudos> find(String teamId, long kudosId) {
        return new RecognitionRepository(dsl).find(teamId, kudosId);
    }

    /** The person's kudos received and given this month (their time zone), by value, and what they may still give. */
    public Summary summary(Actor actor) {
        var zone = allowances.zoneOf(actor.teamId(), actor.userId());
        var settings = workspace.settings(actor.teamId(), actor.enterpriseId());
        var since = Period.MONTH.start(clock.instant().atZone(zone), zone).toInstant();
        var counts = new RecognitionCounts(dsl);
        return new Summary(
                counts.receivedSince(actor.teamId(), actor.userId(), since),
                counts.givenSince(actor.teamId(), actor.userId(), since),
                counts.valuesReceivedSince(actor.teamId(), actor.userId(), since),
                counts.valuesGivenSince(actor.teamId(), actor.userId(), since),
                allowances.remaining(new RecognitionRepository(dsl), actor, settings, zone),
                counts.recentReceived(actor.teamId(), actor.userId(), 5));
    }

    /** The most-recognised people (unless leaderboards are off) and most-used values of the period. */
    public Leaderboard top(Actor actor, Period period) {
        var zone = allowances.zoneOf(actor.teamId(), actor.userId());
        var settings = workspace.settings(actor.teamId(), actor.enterpriseId());
        var since = period.start(clock.instant().atZone(zone), zone).toInstant();
        var counts = new RecognitionCounts(dsl);
        var people = settings.leaderboard() ? counts.topRecipients(actor.teamId(), since, 5) : List.<Count>of();
        return new Leaderboard(period, settings.leaderboard(), people, counts.topValues(actor.teamId(), since, 5));
    }

    /**
     * Recognition in the {@code weeks} 7-day periods before {@code end}, oldest first, for the digest's trend. Givers
     * count only when they are among {@code activeMembers}; leaders are today's {@code leaders}. Weeks closed for an
     * hour are counted once and kept (see {@link ClosedWeeks}).
     */
    public List<RecognitionStats.Week> weeks(
            String teamId, Instant end, int weeks, Collection<String> leaders, Collection<String> activeMembers) {
        var figures = new RecognitionFigures(dsl);
        return closedWeeks.weeks(
                "weeks",
                teamId,
                new Weeks(end, weeks),
                leaders,
                activeMembers,
                period -> figures.weeks(teamId, period.end(), period.count(), leaders, activeMembers));
    }

    /**
     * How often each value was named in the kudos given in [{@code from}, {@code to}), month by month (UTC), oldest
     * first: what is past is counted once and kept (see {@link ValueMonths}).
     */
    public List<ValueMonths.Use> valueMonths(String teamId, Instant from, Instant to) {
        return new ValueMonths(dsl, closedWeeks, clock).count(teamId, from, to);
    }

    /**
     * Where the kudos of the {@code weeks} 7-day periods before {@code end} went, oldest first: active recipients,
     * and leaders' kudos in all and with someone outside the leadership group among their recipients.
     */
    public List<RecognitionStats.Reach> reach(
            String teamId, Instant end, int weeks, Collection<String> leaders, Collection<String> activeMembers) {
        var figures = new RecognitionFigures(dsl);
        return closedWeeks.weeks(
                "reach",
                teamId,
                new Weeks(end, weeks),
                leaders,
                activeMembers,
                period -> figures.reach(teamId, period.end(), period.count(), leaders, activeMembers));
    }

    /**
     * For the digest's latest period [from, to): the most-used values, the values used since {@code monthStart}, the
     * three kudos to spotlight, and what each of {@code leaders} gave.
     */
    public RecognitionStats stats(
            String teamId, Instant from, Instant to, Instant monthStart, Collection<String> leaders) {
        var figures = new RecognitionFigures(dsl);
        var values = figures.valueUse(teamId, from, to, monthStart);
        return new RecognitionStats(
                values.topValues(),
                values.usedSinceMonthStart(),
                figures.spotlight(teamId, from, to, 3),
                leaders.isEmpty() ? Map.of() : figures.ownFigures(teamId, from, to, leaders));
    }
}
