package lodestar.recognition;

import java.util.List;
import java.util.Optional;
import lodestar.workspace.Actor;

/**
 * What someone asked to give, from the command, the modal or the message shortcut. Texts are Slack mrkdwn;
 * {@code values} are names as typed; {@code idempotencyKey} is the same for a retried request or a
 * modal submitted twice.
 */
public record GiveRequest(
        Actor giver,
        List<String> recipients,
        List<String> values,
        String reason,
        Optional<String> customerImpact,
        Optional<String> link,
        String originChannelId,
        String idempotencyKey,
        Optional<AttachedQuote> quote) {

    public GiveRequest {
        recipients = List.copyOf(recipients);
        values = List.copyOf(values);
        reason = reason == null ? "" : reason.strip();
        customerImpact = customerImpact.map(String::strip).filter(text -> !text.isEmpty());
    }
}
