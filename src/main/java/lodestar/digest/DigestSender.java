package lodestar.digest;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
 * after downtime), and the leadership channel its copy. Each delivery is claimed before it is sent.
 */
final class DigestSender {
    private static final Logger log = LoggerFactory.getLogger(DigestSender.class);

    private final DigestService digests;
    private final WorkspaceService workspace;
    private final SlackApi slack;
    private final SlackUsers users;
    private final DSLContext dsl;
    private final Clock clock;

    DigestSender(
            DigestService digests,
            WorkspaceService workspace,
            SlackApi slack,
            SlackUsers users,
            DSLContext dsl,
            Clock clock) {
        this.digests = digests;
        this.workspace = workspace;
        this.slack = slack;
        this.users = users;
        this.dsl = dsl;
        this.clock = clock;
    }

    void tick() {
        for (String teamId : workspace.teams()) {
            deliver(teamId);
        }
    }

    private void deliver(String teamId) {
        var settings = workspace.settings(teamId, null);
        var schedule = settings.digest();
        var now = clock.instant();
        Map<Instant, Digest> computed = new HashMap<>();
        for (var leader : workspace.holders(teamId, Role.LEADER)) {
            var zone =
                    users.find(teamId, leader.userId()).map(SlackUser::timeZone).orElse(schedule.channelZone());
            var due = schedule.dueThisWeek(now, zone);
            // A leader added after this week's digest time gets the next one.
            if (now.isBefore(due.toInstant()) || leader.since().isAfter(due.toInstant())) {
                continue;
            }
            if (new DigestRepository(dsl).claim(teamId, leader.userId(), DigestSchedule.week(due), now)) {
                var digest = computed.computeIfAbsent(due.toInstant(), end -> digests.compute(teamId, end));
                send(digest, leader.userId(), Optional.of(leader.userId()));
            }
        }
        settings.digestChannel().ifPresent(channel -> {
            var due = schedule.dueThisWeek(now, schedule.channelZone());
            if (!now.isBefore(due.toInstant())
                    && new DigestRepository(dsl).claim(teamId, channel, DigestSchedule.week(due), now)) {
                send(digests.compute(teamId, due.toInstant()), channel, Optional.empty());
            }
        });
    }

    /** Posts the digest, then its chart; a chart that fails to render or upload leaves the digest sent. */
    void send(Digest digest, String channel, Optional<String> leaderId) {
        var blocks = DigestMessages.render(digest, leaderId, links(digest));
        var posted = slack.call(
                "chat.postMessage",
                client -> client.chatPostMessage(r -> r.channel(channel)
                        .text(DigestMessages.text(digest))
                        .blocks(blocks)
                        .unfurlLinks(false)));
        if (posted.isEmpty()) {
            return;
        }
        String conversation = posted.get().getChannel() != null ? posted.get().getChannel() : channel;
        try {
            byte[] png = DigestChart.png(digest.trend());
            slack.call(
                    "files.uploadV2",
                    client -> client.filesUploadV2(r -> r.channel(conversation)
                            .filename("cx-trend.png")
                            .title("8-week trend")
                            .fileData(png)
                            .initialComment(
                                    "The 8-week trend: kudos, giving participation, eNPS and the CX culture index.")));
        } catch (java.io.IOException | RuntimeException | Error e) {
            log.warn("The digest chart could not be made; the digest was sent without it", e);
        }
    }

    /** Permalinks of the posts the digest links to: spotlight kudos and critiques without owner. */
    Map<String, String> links(Digest digest) {
        Map<String, String> links = new HashMap<>();
        digest.spotlight().forEach(kudos -> kudos.postTs().ifPresent(ts -> link(links, kudos.postChannelId(), ts)));
        digest.unownedCritiques().forEach(critique -> link(links, critique.channelId(), critique.ts()));
        return links;
    }

    private void link(Map<String, String> links, String channel, String ts) {
        slack.call(
                        "chat.getPermalink",
                        client ->
                                client.chatGetPermalink(r -> r.channel(channel).messageTs(ts)))
                .ifPresent(response -> links.put(channel + ":" + ts, response.getPermalink()));
    }
}
