package lodestar.quotes;

import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import lodestar.slack.SlackApi;

/** Posts a channel's next quote: on its schedule (once per local day), or now when an admin asks. */
final class DailyQuote {
    private final QuoteService service;
    private final SlackApi slack;

    DailyQuote(QuoteService service, SlackApi slack) {
        this.service = service;
        this.slack = slack;
    }

    /** The schedule fired at {@code firedAt}: on time, or late after downtime for the day it was missed on. */
    void scheduled(String teamId, String channelId, Instant firedAt) {
        scheduled(teamId, channelId, firedAt, false);
    }

    /**
     * As {@link #scheduled(String, String, Instant)}; {@code recovering} when Quartz re-runs a firing whose instance
     * died mid-way, which then takes over that day's unposted claim at once instead of finding it already claimed.
     */
    void scheduled(String teamId, String channelId, Instant firedAt, boolean recovering) {
        service.schedule(teamId, channelId).ifPresent(schedule -> {
            var day = schedule.dayOf(firedAt);
            if (recovering) {
                service.takeOverUnposted(teamId, channelId, day).ifPresent(claimed -> postFor(schedule, claimed, day));
            }
            // A claim left unposted by a process that stopped mid-way goes out first, late but once.
            service.reclaimUnposted(teamId, channelId).ifPresent(claimed -> postFor(schedule, claimed, day));
            var next = service.claimNext(teamId, channelId, Optional.of(day));
            if (next instanceof QuoteOutcome.EmptyLibrary) {
                tellOwnerOnce(
                        teamId, channelId, schedule.ownerId(), "empty_library", QuoteMessages.emptyLibrary(channelId));
            } else if (next instanceof QuoteOutcome.Claimed claimed) {
                postFor(schedule, claimed, day);
            }
        });
    }

    /** A scheduled post: one that failed for a reason that may pass keeps its claim and is tried again later. */
    /** A retry of {@code day}'s scheduled post, which failed for a reason that may pass: that day's claim, once. */
    void retry(String teamId, String channelId, LocalDate day) {
        service.schedule(teamId, channelId)
                .ifPresent(schedule -> service.takeOverUnposted(teamId, channelId, day)
                        .ifPresent(claimed -> postFor(schedule, claimed, day)));
    }

    private void postFor(Schedule schedule, QuoteOutcome.Claimed claimed, LocalDate day) {
        String teamId = claimed.quote().teamId();
        String channelId = claimed.channelId();
        var result = attemptPost(claimed);
        if (result.ok() || !result.retryable()) {
            settle(claimed, result)
                    .ifPresent(error -> tellOwnerOnce(
                            teamId, channelId, schedule.ownerId(), error, QuoteMessages.cannotPost(channelId, error)));
        } else {
            service.retryLater(teamId, channelId, day);
        }
    }

    /** {@code /quote post #channel}: the next quote, now. Returns what to tell the admin. */
    String now(String teamId, String channelId) {
        var next = service.claimNext(teamId, channelId, Optional.empty());
        if (next instanceof QuoteOutcome.Claimed claimed) {
            return post(claimed)
                    .map(error -> QuoteMessages.cannotPost(channelId, error))
                    .orElse("Posted quote #" + claimed.quote().id() + " in <#" + channelId + ">.");
        }
        return "The quote library is empty. Add quotes with `/quote add` first.";
    }

    /** Posts a claimed quote; returns Slack's error when it could not, after giving the claim back. */
    private Optional<String> post(QuoteOutcome.Claimed claimed) {
        return settle(claimed, attemptPost(claimed));
    }

    private SlackApi.Result<ChatPostMessageResponse> attemptPost(QuoteOutcome.Claimed claimed) {
        var quote = claimed.quote();
        return slack.attempt(
                "chat.postMessage",
                client -> client.chatPostMessage(r -> r.channel(claimed.channelId())
                        .text(QuoteMessages.postText(quote))
                        .blocks(QuoteMessages.post(quote))
                        .unfurlLinks(false)
                        .unfurlMedia(false)));
    }

    /** Records a post Slack accepted; gives the claim back when it refused, returning its error. */
    private Optional<String> settle(QuoteOutcome.Claimed claimed, SlackApi.Result<ChatPostMessageResponse> result) {
        var quote = claimed.quote();
        String channelId = claimed.channelId();
        if (result.ok()) {
            service.attachPost(claimed.postId(), result.response().orElseThrow().getTs());
            service.clearProblem(quote.teamId(), channelId);
            return Optional.empty();
        }
        service.cancelPost(claimed.postId());
        return Optional.of(result.error());
    }

    private void tellOwnerOnce(String teamId, String channelId, String ownerId, String problem, String message) {
        if (service.noteProblem(teamId, channelId, problem)) {
            slack.call(
                    "chat.postMessage",
                    client -> client.chatPostMessage(r -> r.channel(ownerId).text(message)));
        }
    }
}
