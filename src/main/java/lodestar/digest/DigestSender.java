package lodestar.digest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import lodestar.delivery.Courier;
import lodestar.delivery.Message;
import lodestar.delivery.Outbox;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackUser;
import lodestar.slack.SlackUsers;
import lodestar.workspace.DigestSchedule;
import lodestar.workspace.Role;
import lodestar.workspace.WorkspaceService;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each leader this week's digest once the digest time has come in the leader's own time zone (late, once,
 * after downtime), and the leadership channel its copy. A due digest is computed and enqueued in the outbox under
 * the key {@code digest:<recipient>:<ISO week>}, which makes it one message however many runs and instances enqueue
 * it; a recipient whose key is taken is skipped without computing anything. The run that enqueued a digest delivers
 * it at once and then uploads its chart ({@link DigestCharts}); a post that failed for a reason that may pass is
 * retried by the outbox's senders, and one Slack refused for good goes to {@link DigestOutcomes}.
 */
final class DigestSender {
    private static final Logger log = LoggerFactory.getLogger(DigestSender.class);
    /** The digests' kind in the outbox, under which {@link DigestOutcomes} learns what came of them. */
    static final String KIND = "digest";

    private final DigestService digests;
    private final WorkspaceService workspace;
    private final SlackApi slack;
    private final SlackUsers users;
    private final DSLContext dsl;
    private final Courier courier;
    private final DigestCharts charts;
    private final Clock clock;

    DigestSender(
            DigestService digests,
            WorkspaceService workspace,
            SlackApi slack,
            SlackUsers users,
            DSLContext dsl,
            Courier courier,
            DigestCharts charts,
            Clock clock) {
        this.digests = digests;
        this.workspace = workspace;
        this.slack = slack;
        this.users = users;
        this.dsl = dsl;
        this.courier = courier;
        this.charts = charts;
        this.clock = clock;
    }

    /** A computed digest with the permalinks it points at, shared by every recipient of the same period and zone. */
    record Prepared(Digest digest, Map<String, String> links) {}

    /** The outbox's dedupe key of a recipient's digest of a week: one message, whoever enqueues it. */
    static String dedupeKey(String recipient, String week) {
        return KIND + ":" + recipient + ":" + week;
    }

    /** Enqueues and delivers the digests due now, then uploads the charts owed to digests sent since the last run. */
    void tick() {
        for (String teamId : workspace.teams()) {
            try {
                deliver(teamId);
            } catch (RuntimeException e) {
                log.error("Digest delivery failed for workspace {}; the next run retries it", teamId, e);
            }
        }
        charts.upload();
    }

    private void deliver(String teamId) {
        var settings = workspace.settings(teamId, null);
        var schedule = settings.digest();
        var now = clock.instant();
        Map<ZonedDateTime, Prepared> prepared = new HashMap<>();
        for (var leader : workspace.holders(teamId, Role.LEADER)) {
            var zone =
                    users.find(teamId, leader.userId()).map(SlackUser::timeZone).orElse(schedule.channelZone());
            var due = schedule.dueThisWeek(now, zone);
            // A leader added after this week's digest time gets the next one.
            if (now.isBefore(due.toInstant()) || leader.since().isAfter(due.toInstant())) {
                continue;
            }
            deliverOnce(teamId, leader.userId(), Optional.of(leader.userId()), due, prepared);
        }
        settings.digestChannel().ifPresent(channel -> {
            var due = schedule.dueThisWeek(now, schedule.channelZone());
            if (!now.isBefore(due.toInstant())) {
                deliverOnce(teamId, channel, Optional.empty(), due, prepared);
            }
        });
    }

    /**
     * Enqueues one recipient's digest unless its key is taken (an earlier run or another instance enqueued it: the
     * outbox has it, sent, refused or on its way), then delivers it and uploads its chart. Two instances may both
     * compute it; only one enqueues it. A digest that cannot be computed is left for the next run.
     */
    private void deliverOnce(
            String teamId,
            String recipient,
            Optional<String> leaderId,
            ZonedDateTime due,
            Map<ZonedDateTime, Prepared> prepared) {
        var week = DigestSchedule.week(due);
        var key = dedupeKey(recipient, week);
        if (Outbox.status(dsl, teamId, key).isPresent()) {
            return;
        }
        Message message;
        try {
            // By the due time in the recipient's zone: what "this month" is depends on the zone.
            var digest = prepared.computeIfAbsent(due, end -> prepare(teamId, end.toInstant(), end.getZone()));
            charts.remember(teamId, due.toInstant(), digest.digest().trend());
            message = Message.post(teamId, KIND, key, recipient, DigestMessages.text(digest.digest()))
                    .withBlocks(DigestMessages.render(digest.digest(), leaderId, digest.links(), due.getZone()))
                    .about(due.toString());
        } catch (RuntimeException e) {
            log.error("The digest of week {} for {} in workspace {} could not be made", week, recipient, teamId, e);
            return;
        }
        var id = Outbox.enqueue(dsl, message, clock.instant());
        if (id.isPresent()) {
            courier.deliver(id.get());
            charts.upload();
        }
    }

    /** The digest of the 7 days before {@code end} for a reader in {@code zone}, with its permalinks fetched once. */
    Prepared prepare(String teamId, Instant end, ZoneId zone) {
        var digest = digests.compute(teamId, end, zone);
        return new Prepared(digest, links(teamId, digest));
    }

    /** Permalinks of the posts the digest links to: spotlight kudos and critiques without owner. */
    private Map<String, String> links(String teamId, Digest digest) {
        Map<String, String> links = new HashMap<>();
        digest.spotlight()
                .forEach(kudos -> kudos.postTs().ifPresent(ts -> link(links, teamId, kudos.postChannelId(), ts)));
        digest.unownedCritiques().forEach(critique -> link(links, teamId, critique.channelId(), critique.ts()));
        return links;
    }

    private void link(Map<String, String> links, String teamId, String channel, String ts) {
        slack.forTeam(teamId)
                .call(
                        "chat.getPermalink",
                        client ->
                                client.chatGetPermalink(r -> r.channel(channel).messageTs(ts)))
                .ifPresent(response -> links.put(channel + ":" + ts, response.getPermalink()));
    }
}
