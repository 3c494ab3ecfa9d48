package lodestar.quotes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import lodestar.delivery.Courier;
import lodestar.delivery.Delivery;
import lodestar.delivery.Message;
import lodestar.delivery.Outbox;
import org.jooq.DSLContext;

/**
 * How the quotes feature's messages leave: through the outbox, each under a dedupe key that makes it once-only, and
 * delivered at once by the request or job that caused it (the courier's senders retry what fails for a reason that
 * may pass). A scheduled day's post is keyed by channel and day, so that a firing re-run after a crash or fired on
 * a second instance finds that day's post instead of choosing another quote, and a retry sends the quote first
 * chosen. A post an admin asks for is keyed by the command's trigger id, so that the command done again (the inbox
 * redoes a command whose done mark was lost) finds its post instead of choosing another quote. The other keys follow
 * from the post or the message they are about, so that the code that delivers a message can name it without being
 * told its row.
 */
final class QuoteDeliveries {
    /** A scheduled day's post: Slack's refusal is told to the schedule's owner, once per problem. */
    static final String DAILY = "quote.daily";
    /** A post an admin asked for with {@code /quote post}: Slack's refusal is told to that admin. */
    static final String NOW = "quote.now";
    /**
     * A posted quote's message brought up to date (owned, resolved). Nothing is recorded when it is sent, and a
     * refusal (the message was deleted) is only logged by the courier.
     */
    static final String UPDATE = "quote.update";
    /** A DM to a person (a problem, a thank-you): a refusal (the person left) is only logged by the courier. */
    static final String NOTICE = "quote.notice";

    /** The message a loop button was clicked on, which the button's outcome brings up to date. */
    record Shown(String channelId, String ts) {}

    private final DSLContext dsl;
    private final Courier courier;

    QuoteDeliveries(DSLContext dsl, Courier courier) {
        this.dsl = dsl;
        this.courier = courier;
    }

    static String dayKey(String channelId, LocalDate day) {
        return "quote:" + channelId + ":" + day;
    }

    /** A post an admin asked for with the command {@code triggerId}: one per command, however often it is done. */
    static String commandKey(String channelId, String triggerId) {
        return "quote:" + channelId + ":now:" + triggerId;
    }

    /** A post asked for without a command (and one asked for before posts were keyed by their command). */
    static String postKey(String channelId, long postId) {
        return "quote:" + channelId + ":post:" + postId;
    }

    /** The owner's note that a scheduled day found the library empty. */
    static String emptyLibraryKey(String dayKey) {
        return dayKey + ":empty_library";
    }

    /** The note to whoever is told that Slack refused the post under {@code postKey}; a post is refused once. */
    static String refusedKey(String postKey) {
        return postKey + ":refused";
    }

    /** An update per message and state of the loop: owning and resolving each happen once per quote. */
    static String updateKey(Shown shown, Quote quote) {
        String state = quote.resolved() ? "resolved" : quote.ownerId().isPresent() ? "owned" : "open";
        return "quote-update:" + shown.channelId() + ":" + shown.ts() + ":" + state;
    }

    static String thanksKey(long quoteId) {
        return "quote-added:" + quoteId;
    }

    /**
     * The post of a claimed quote. Its subject names the claimed post and, for one an admin asked for, the admin,
     * for its handler.
     */
    static Message post(
            String teamId, String kind, String key, String channelId, Quote quote, long postId, Optional<String> by) {
        return Message.post(teamId, kind, key, channelId, QuoteMessages.postText(quote))
                .withBlocks(QuoteMessages.post(quote))
                .about(postId + by.map(userId -> " " + userId).orElse(""));
    }

    static long postId(Delivery delivery) {
        return postId(delivery.subject().orElseThrow());
    }

    /** The claimed post a post's message is about, from the message's subject. */
    static long postId(String subject) {
        return Long.parseLong(subject.split(" ")[0]);
    }

    static Optional<String> askedBy(Delivery delivery) {
        var parts = delivery.subject().orElseThrow().split(" ");
        return parts.length > 1 ? Optional.of(parts[1]) : Optional.empty();
    }

    static Message update(String teamId, Shown shown, Quote quote) {
        return Message.update(
                        teamId,
                        UPDATE,
                        updateKey(shown, quote),
                        shown.channelId(),
                        shown.ts(),
                        QuoteMessages.postText(quote))
                .withBlocks(QuoteMessages.post(quote))
                .about(updateSubject(shown));
    }

    /** The message an update changes: a newer update withdraws the older ones still waiting. */
    static String updateSubject(Shown shown) {
        return shown.channelId() + ":" + shown.ts();
    }

    static Message notice(String teamId, String key, String userId, String text) {
        return Message.post(teamId, NOTICE, key, userId, text);
    }

    /**
     * Tells the schedule's owner about a problem in the caller's transaction, unless they were told of it already
     * (a post that succeeds clears it, so a problem that comes back is told again).
     */
    static void tellOwnerOnce(
            DSLContext tx, String teamId, String channelId, String problem, String key, String text, Instant now) {
        var repository = new ScheduleRepository(tx);
        repository
                .schedule(teamId, channelId)
                .filter(schedule -> repository.noteProblem(teamId, channelId, problem))
                .ifPresent(schedule -> Outbox.enqueue(tx, notice(teamId, key, schedule.ownerId(), text), now));
    }

    /**
     * Withdraws the quote's posts still waiting in the outbox (Slack down, say) in the caller's transaction, giving
     * their claims back, so that an archived quote is not posted. One already on its way (possibly posted) goes.
     */
    static void withdrawUnposted(DSLContext tx, String teamId, long quoteId, Instant now) {
        var repository = new PostRepository(tx);
        var claims = repository.unpostedClaims(teamId, quoteId);
        if (claims.isEmpty()) {
            return;
        }
        // A post now's key names its command, not its post: it is found by the post its message is about.
        Map<Long, String> nowKeys = new HashMap<>();
        for (var waiting : Outbox.waiting(tx, teamId, NOW)) {
            waiting.subject().ifPresent(subject -> nowKeys.put(postId(subject), waiting.dedupeKey()));
        }
        for (var claim : claims) {
            var key = claim.day()
                    .map(day -> dayKey(claim.channelId(), day))
                    .or(() -> Optional.ofNullable(nowKeys.get(claim.postId())));
            if (key.isPresent() && Outbox.cancel(tx, teamId, key.get(), now)) {
                repository.deletePost(claim.postId());
            }
        }
    }

    /** Delivers the message under {@code key} now, on this thread (see {@link Courier#deliver(String, String)}). */
    Courier.Outcome deliver(String teamId, String key) {
        return courier.deliver(teamId, key);
    }

    /** As {@link #deliver}, for a request that tells its admin what came of the post. */
    Courier.Outcome deliverAnswering(String teamId, String key) {
        return courier.deliverAnswering(teamId, key);
    }
}
