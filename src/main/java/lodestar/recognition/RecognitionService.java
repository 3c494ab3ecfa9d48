package lodestar.recognition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import lodestar.db.Weeks;
import lodestar.delivery.Outbox;
import lodestar.recognition.GiveResult.Field;
import lodestar.recognition.GiveResult.Problem;
import lodestar.slack.SlackText;
import lodestar.slack.SlackUser;
import lodestar.slack.SlackUsers;
import lodestar.workspace.Actor;
import lodestar.workspace.CxValue;
import lodestar.workspace.Settings;
import lodestar.workspace.WorkspaceService;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.jooq.DSLContext;

/** Recognition: the rules of giving kudos, taking them back, and reading them. */
public final class RecognitionService {
    public static final int MAX_RECIPIENTS = 10;
    public static final int REASON_MIN = 10;
    public static final int REASON_MAX = 1000;
    public static final int IMPACT_MAX = 500;
    public static final Duration UNDO_WINDOW = Duration.ofMinutes(15);

    private final DSLContext dsl;
    private final WorkspaceService workspace;
    private final SlackUsers users;
    private final Clock clock;
    private final ClosedWeeks closedWeeks;

    /** Said when Slack could not be asked who someone is: never a reason of the person's. */
    static final String SLACK_NOT_ANSWERING = "Slack didn't answer when Lodestar checked who you're thanking, so"
            + " nothing was given. Please try again in a minute.";

    public RecognitionService(DSLContext dsl, WorkspaceService workspace, SlackUsers users, Clock clock) {
        this.dsl = dsl;
        this.workspace = workspace;
        this.users = users;
        this.clock = clock;
        this.closedWeeks = new ClosedWeeks(dsl, clock);
    }

    /**
     * Records a give after checking every rule: real, active recipients other than the giver, known values,
     * a reason, a channel to post in, and the giver's allowance. A request seen before returns the kudos it
     * recorded, marked repeated.
     */
    public GiveResult give(GiveRequest request) {
        return give(request, users::answer);
    }

    /**
     * Like {@link #give}, but answers within {@code budget}, for a handler that must ack in 3 seconds: the giver
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
        return Optional.of(give(request, (teamId, userId) -> Optional.ofNullable(known.get(userId))));
    }

    /** Who a user is, as far as a give needs to know: empty when Slack did not answer, empty inside when no one. */
    private interface Directory {
        Optional<Optional<SlackUser>> find(String teamId, String userId);
    }

    private GiveResult give(GiveRequest request, Directory directory) {
        var giver = request.giver();
        var settings = workspace.settings(giver.teamId(), giver.enterpriseId());
        var recipients = List.copyOf(new LinkedHashSet<>(request.recipients()));
        List<Problem> problems = new ArrayList<>();
        checkRecipients(directory, giver, recipients).ifPresent(problems::add);
        var values = resolveValues(request.values(), settings.values(), problems);
        checkTexts(request, problems);
        String postChannel = settings.kudosChannel().orElse(request.originChannelId());
        if (postChannel == null || postChannel.startsWith("D")) {
            problems.add(
                    new Problem(
                            Field.CHANNEL,
                            "Kudos are posted in a channel for everyone to see, and none is set"
                                    + " yet. Use /kudos in a channel, or ask an admin to set one with `/cx channel kudos #channel`."));
        }
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
            repository.lockGiver(giver.teamId(), giver.userId());
            var existing = repository.findByKey(giver.teamId(), request.idempotencyKey());
            if (existing.isPresent()) {
                return new GiveResult.Given(existing.get(), remaining(repository, giver, settings, zone), true);
            }
            var left = remaining(repository, giver, settings, zone);
            if (recipients.size() > left.left()) {
                return new GiveResult.Rejected(
                        new Problem(Field.ALLOWANCE, allowanceExceeded(left, recipients.size())));
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
            long id = repository.insert(kudos, request.idempotencyKey());
            var stored = repository.find(giver.teamId(), id).orElseThrow();
            // its post is sent exactly when the kudos exists: in the same transaction
            KudosOutbox.enqueuePost(tx.dsl(), stored, KudosOutbox.postKey(id), clock.instant());
            // what was left, less what was just given: no need to count again
            var after = new Remaining(left.left() - recipients.size(), left.allowance(), left.resetsAt());
            return new GiveResult.Given(stored, after, false);
        });
    }

    /** Remembers the public post of a kudos, so that reactions on it count and undo can update it. */
    public void attachPost(String teamId, long kudosId, String ts) {
        new RecognitionRepository(dsl).setPost(kudosId, ts);
    }

    /** The giver takes a kudos back within {@link #UNDO_WINDOW}; the allowance returns. */
    public Withdrawn undo(Actor actor, long kudosId) {
        return withdraw(actor, kudosId, Kudos.Withdrawal.UNDO, kudos -> {
            if (!kudos.giverId().equals(actor.userId())) {
                return Optional.of("Only the person who gave a kudos can undo it.");
            }
            if (clock.instant().isAfter(kudos.givenAt().plus(UNDO_WINDOW))) {
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
        return withdraw(actor, kudosId, Kudos.Withdrawal.MODERATION, kudos -> Optional.empty());
    }

    private interface Check {
        Optional<String> refusal(Kudos kudos);
    }

    private Withdrawn withdraw(Actor actor, long kudosId, Kudos.Withdrawal kind, Check check) {
        Object outcome = dsl.transactionResult(tx -> {
            var repository = new RecognitionRepository(tx.dsl());
            var found = repository.find(actor.teamId(), kudosId);
            if (found.isEmpty()) {
                return "There is no kudos #" + kudosId + ".";
            }
            var refusal = check.refusal(found.get());
            if (refusal.isPresent()) {
                return refusal.get();
            }
            if (!repository.withdraw(kudosId, actor.userId(), kind, clock.instant())) {
                return "Kudos #" + kudosId + " was already withdrawn.";
            }
            var withdrawn = repository.find(actor.teamId(), kudosId).orElseThrow();
            // Not posted yet: it never will be. Posted: the post says it was withdrawn. On its way: once it lands.
            Outbox.cancel(tx.dsl(), actor.teamId(), KudosOutbox.postKey(kudosId), clock.instant());
            KudosOutbox.enqueueWithdrawn(tx.dsl(), withdrawn, clock.instant());
            return withdrawn;
        });
        if (outcome instanceof Kudos kudos) {
            // The allowance is computed after the transaction: it needs the giver's time zone from Slack.
            var giver = new Actor(actor.teamId(), null, kudos.giverId());
            var settings = workspace.settings(actor.teamId(), null);
            var zone = zoneOf(actor.teamId(), giver.userId());
            return new Withdrawn.Done(kudos, remaining(new RecognitionRepository(dsl), giver, settings, zone));
        }
        return new Withdrawn.Refused((String) outcome);
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
        var zone = zoneOf(actor.teamId(), actor.userId());
        var settings = workspace.settings(actor.teamId(), actor.enterpriseId());
        var since = Period.MONTH.start(clock.instant().atZone(zone), zone).toInstant();
        var repository = new RecognitionRepository(dsl);
        return new Summary(
                repository.receivedSince(actor.teamId(), actor.userId(), since),
                repository.givenSince(actor.teamId(), actor.userId(), since),
                repository.valuesReceivedSince(actor.teamId(), actor.userId(), since),
                repository.valuesGivenSince(actor.teamId(), actor.userId(), since),
                remaining(repository, actor, settings, zone),
                repository.recentReceived(actor.teamId(), actor.userId(), 5));
    }

    /** The most-recognised people (unless leaderboards are off) and most-used values of the period. */
    public Leaderboard top(Actor actor, Period period) {
        var zone = zoneOf(actor.teamId(), actor.userId());
        var settings = workspace.settings(actor.teamId(), actor.enterpriseId());
        var since = period.start(clock.instant().atZone(zone), zone).toInstant();
        var repository = new RecognitionRepository(dsl);
        var people = settings.leaderboard() ? repository.topRecipients(actor.teamId(), since, 5) : List.<Count>of();
        return new Leaderboard(period, settings.leaderboard(), people, repository.topValues(actor.teamId(), since, 5));
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

    private Optional<Problem> checkRecipients(Directory directory, Actor giver, List<String> recipients) {
        if (recipients.isEmpty()) {
            return problem(
                    Field.RECIPIENTS,
                    "Mention who you're thanking, e.g. `/kudos @alice #ownership Stayed late to"
                            + " fix Acme's export`.");
        }
        if (recipients.size() > MAX_RECIPIENTS) {
            return problem(
                    Field.RECIPIENTS,
                    "You can thank at most " + MAX_RECIPIENTS + " people at once (you named " + recipients.size()
                            + ").");
        }
        if (recipients.contains(giver.userId())) {
            return problem(Field.RECIPIENTS, "You can't give kudos to yourself: thank someone who helped a customer.");
        }
        // Mentions carry the person's name as their label: the command shows the mention, while the modal's
        // plain-text field errors show the name (never a raw user id).
        for (String recipient : recipients) {
            var answer = directory.find(giver.teamId(), recipient);
            if (answer.isEmpty()) {
                return problem(Field.RECIPIENTS, SLACK_NOT_ANSWERING);
            }
            var user = answer.get();
            if (user.isEmpty()) {
                return problem(
                        Field.RECIPIENTS,
                        "Slack doesn't know " + mention(recipient, "one of the people you chose")
                                + ": they may have left the workspace.");
            }
            String who = mention(recipient, user.get().name());
            if (user.get().isBot() || "USLACKBOT".equals(recipient)) {
                return problem(Field.RECIPIENTS, who + " is a bot: kudos are for people.");
            }
            if (user.get().deleted()) {
                return problem(Field.RECIPIENTS, who + "'s account is deactivated, so they can't receive kudos.");
            }
        }
        return Optional.empty();
    }

    private static String mention(String userId, String name) {
        return "<@" + userId + "|" + name.replaceAll("[<>|&]", "") + ">";
    }

    private static List<String> resolveValues(List<String> typed, List<CxValue> known, List<Problem> problems) {
        List<String> resolved = new ArrayList<>();
        for (String name : typed) {
            String bare = name.strip().replaceFirst("^#", "");
            var match = known.stream()
                    .filter(value -> value.name().equalsIgnoreCase(bare))
                    .findFirst();
            if (match.isPresent()) {
                if (!resolved.contains(match.get().name())) {
                    resolved.add(match.get().name());
                }
            } else {
                problems.add(new Problem(Field.VALUES, unknownValue(bare, known)));
            }
        }
        return resolved;
    }

    private static String unknownValue(String name, List<CxValue> known) {
        var distance = LevenshteinDistance.getDefaultInstance();
        var closest = known.stream()
                .min((a, b) -> Integer.compare(
                        distance.apply(a.name().toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)),
                        distance.apply(b.name().toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))))
                .filter(value -> distance.apply(value.name().toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))
                        <= Math.max(2, name.length() / 3));
        String all = known.stream().map(CxValue::tag).collect(Collectors.joining(", "));
        return "#" + SlackText.plain(name) + " isn't one of our values."
                + closest.map(v -> " Did you mean " + v.tag() + "?").orElse("") + " Our values: " + all + ".";
    }

    private static void checkTexts(GiveRequest request, List<Problem> problems) {
        int length = SlackText.plain(request.reason()).strip().length();
        if (length < REASON_MIN) {
            problems.add(new Problem(
                    Field.REASON, "Say what they did for the customer, in at least " + REASON_MIN + " characters."));
        } else if (length > REASON_MAX) {
            problems.add(new Problem(
                    Field.REASON,
                    "The reason can be at most " + String.format("%,d", REASON_MAX) + " characters (yours has "
                            + String.format("%,d", length) + ")."));
        }
        request.customerImpact().ifPresent(impact -> {
            int impactLength = SlackText.plain(impact).length();
            if (impactLength > IMPACT_MAX) {
                problems.add(new Problem(
                        Field.CUSTOMER_IMPACT,
                        "The customer impact can be at most " + IMPACT_MAX + " characters (yours has " + impactLength
                                + ")."));
            }
        });
    }

    private Remaining remaining(RecognitionRepository repository, Actor giver, Settings settings, ZoneId zone) {
        var allowance = settings.allowance();
        var start = allowance.period().start(clock.instant().atZone(zone), zone);
        int used = repository.recipientsGivenSince(giver.teamId(), giver.userId(), start.toInstant());
        return new Remaining(
                allowance.count() - used, allowance, allowance.period().next(start));
    }

    private static String allowanceExceeded(Remaining left, int wanted) {
        String period = left.allowance().period().label();
        return "You have " + left.left() + " kudos left this " + period + " (each person thanked counts as one; the"
                + " allowance is " + left.allowance() + ")" + (wanted > 1 && left.left() > 0 ? ", not " + wanted : "")
                + ". It resets " + RecognitionMessages.when(left.resetsAt()) + " your time.";
    }

    private ZoneId zoneOf(String teamId, String userId) {
        return users.find(teamId, userId).map(SlackUser::timeZone).orElse(ZoneOffset.UTC);
    }

    private static Optional<Problem> problem(Field field, String message) {
        return Optional.of(new Problem(field, message));
    }
}
