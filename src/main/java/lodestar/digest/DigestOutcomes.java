package lodestar.digest;

import java.time.Clock;
import java.time.ZonedDateTime;
import lodestar.delivery.Courier;
import lodestar.delivery.Delivery;
import lodestar.delivery.Message;
import lodestar.delivery.Outbox;
import lodestar.workspace.DigestSchedule;
import lodestar.workspace.Role;
import lodestar.workspace.WorkspaceService;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the digest does with the outbox's word on a digest. Its outbox row is the digest's whole record (sent with
 * Slack's ts, or refused with Slack's error), and its key keeps the week's digest from being enqueued again either
 * way, so nothing else is stored. A digest Slack took owes its trend chart. One Slack refused for good is logged; for
 * the leadership channel's copy (archived, missing, the bot not in it) each Lodestar admin is told how to fix it,
 * while a leader's DM refused (a removed or deactivated leader) concerns nobody else.
 */
final class DigestOutcomes implements Courier.Handler {
    private static final Logger log = LoggerFactory.getLogger(DigestOutcomes.class);
    /** Notices to admins: no handler, the outbox logs one it cannot deliver. */
    static final String NOTICE = "digest.notice";

    private final WorkspaceService workspace;
    private final DigestCharts charts;
    private final Clock clock;

    DigestOutcomes(WorkspaceService workspace, DigestCharts charts, Clock clock) {
        this.workspace = workspace;
        this.charts = charts;
        this.clock = clock;
    }

    @Override
    public void sent(DSLContext tx, Delivery delivery, String conversation, String ts) {
        delivery.subject()
                .map(ZonedDateTime::parse)
                .ifPresent(due -> charts.owe(delivery.teamId(), delivery.dedupeKey(), conversation, due));
    }

    @Override
    public void refused(DSLContext tx, Delivery delivery, String error) {
        String recipient = delivery.message().channel();
        String week = delivery.subject()
                .map(due -> DigestSchedule.week(ZonedDateTime.parse(due)))
                .orElse("this week");
        log.warn(
                "The digest of week {} for {} in workspace {} cannot be sent ({}); it is not sent again this week",
                week,
                recipient,
                delivery.teamId(),
                error);
        if (isLeader(recipient)) {
            return;
        }
        for (String admin : workspace.members(delivery.teamId(), Role.ADMIN)) {
            var notice = Message.post(
                    delivery.teamId(),
                    NOTICE,
                    "digest-refused:" + recipient + ":" + week + ":" + admin,
                    admin,
                    DigestMessages.cannotPost(recipient, week, error));
            Outbox.enqueue(tx, notice, clock.instant());
        }
    }

    /** Leaders get the digest in their DM, sent to their user id (U…, or W… in Enterprise Grid); a channel is C… or G…. */
    private static boolean isLeader(String recipient) {
        return recipient.startsWith("U") || recipient.startsWith("W");
    }
}
