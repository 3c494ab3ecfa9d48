package lodestar.quotes;

import java.time.Instant;
import java.util.Optional;
import lodestar.delivery.Courier;

/**
 * Posts a channel's next quote: on its schedule (once per local day), or now when an admin asks. The claim and its
 * post are written together; the post is then delivered at once, on the thread that claimed it. A post that fails
 * for a reason that may pass stays in the outbox, whose background senders try it again (the same quote, as late as
 * it takes) and record it; so does a day's post that a firing finds claimed already (a firing Quartz re-runs after
 * its instance died, or the same firing on a second instance).
 */
final class DailyQuote {
    private final QuoteService service;
    private final QuoteDeliveries deliveries;

    DailyQuote(QuoteService service, QuoteDeliveries deliveries) {
        this.service = service;
        this.deliveries = deliveries;
    }

    /** The schedule fired at {@code firedAt}: on time, or late after downtime for the day it was missed on. */
    void scheduled(String teamId, String channelId, Instant firedAt) {
        service.schedule(teamId, channelId).ifPresent(schedule -> {
            var day = schedule.dayOf(firedAt);
            String key = QuoteDeliveries.dayKey(channelId, day);
            var next = service.claimNext(teamId, channelId, Optional.of(day));
            if (next instanceof QuoteOutcome.Claimed) {
                if (deliveries.deliver(teamId, key) instanceof Courier.Refused) {
                    deliveries.deliver(teamId, QuoteDeliveries.refusedKey(key)); // the owner's note, if it is new
                }
            } else if (next instanceof QuoteOutcome.EmptyLibrary) {
                deliveries.deliver(teamId, QuoteDeliveries.emptyLibraryKey(key));
            }
        });
    }

    /**
     * {@code /quote post #channel} by an admin, the command {@code triggerId}: the next quote, now. Returns what to
     * tell the admin. The command done again (the inbox redoes it after a crash) posts nothing more: it delivers or
     * reports the post its first run claimed.
     */
    String now(String teamId, String channelId, String adminId, String triggerId) {
        var next = service.claimNow(teamId, channelId, adminId, triggerId);
        if (next instanceof QuoteOutcome.NotPosted notPosted) {
            return notPosted
                    .refusal()
                    .map(error -> QuoteMessages.cannotPost(channelId, error))
                    .orElse("The quote I was posting in <#" + channelId + "> was archived before it went out, so"
                            + " nothing was posted. Use `/quote post` again for the next one.");
        }
        if (!(next instanceof QuoteOutcome.Claimed claimed)) {
            return "The quote library is empty. Add quotes with `/quote add` first.";
        }
        String quote = "quote #" + claimed.quote().id();
        var outcome = deliveries.deliverAnswering(teamId, QuoteDeliveries.commandKey(channelId, triggerId));
        if (outcome instanceof Courier.Sent) {
            return "Posted " + quote + " in <#" + channelId + ">.";
        } else if (outcome instanceof Courier.Refused refused) {
            return QuoteMessages.cannotPost(channelId, refused.error());
        } else if (outcome instanceof Courier.Later later && later.error().equals(Courier.PACED)) {
            return quote.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + quote.substring(1)
                    + " will be posted in <#" + channelId + "> in its turn, within moments (Slack takes about one"
                    + " message a second in a channel).";
        } else if (outcome instanceof Courier.Later later) {
            return "Slack didn't take " + quote + " for <#" + channelId + "> yet (`" + later.error()
                    + "`). I'll keep trying, and tell you if it can't be posted.";
        }
        return "Posting " + quote + " in <#" + channelId + ">; I'll tell you if it can't be posted.";
    }
}
