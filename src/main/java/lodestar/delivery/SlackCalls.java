package lodestar.delivery;

import java.time.Duration;
import java.util.Optional;
import lodestar.slack.SlackApi;

/** The two Web API calls the outbox makes, each answered as where the message is and its ts. */
final class SlackCalls {
    record Posted(String conversation, String ts) {}

    private SlackCalls() {}

    /**
     * Posts (with metadata naming the outbox row, so that a post in doubt can be found) or updates the message.
     */
    static SlackApi.Result<Posted> send(SlackApi api, Delivery delivery, Duration waitAtMost) {
        var slack = api.forTeam(delivery.teamId());
        var message = delivery.message();
        if (message.isPost()) {
            var result = slack.attemptWaitingAtMost(
                    Message.POST,
                    client -> client.chatPostMessage(r -> {
                        r.channel(message.channel())
                                .text(message.text())
                                .metadata(SentBefore.metadata(delivery.id()))
                                .unfurlLinks(message.unfurl())
                                .unfurlMedia(message.unfurl());
                        message.blocks().ifPresent(r::blocksAsString);
                        message.threadTs().ifPresent(r::threadTs);
                        return r;
                    }),
                    waitAtMost);
            return new SlackApi.Result<>(
                    result.response().map(response -> new Posted(response.getChannel(), response.getTs())),
                    result.error(),
                    result.retryAfter());
        }
        var result = slack.attemptWaitingAtMost(
                Message.UPDATE,
                client -> client.chatUpdate(r -> {
                    r.channel(message.channel()).ts(message.ts().orElseThrow()).text(message.text());
                    message.blocks().ifPresent(r::blocksAsString);
                    return r;
                }),
                waitAtMost);
        return new SlackApi.Result<>(
                result.response()
                        .map(response -> new Posted(
                                Optional.ofNullable(response.getChannel()).orElse(message.channel()),
                                Optional.ofNullable(response.getTs())
                                        .orElse(message.ts().orElseThrow()))),
                result.error(),
                result.retryAfter());
    }
}
