package lodestar.digest;

import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
 * after downtime), and the leadership channel its copy. Each delivery is claimed, then marked sent as soon as Slack
 * accepted the post; one that failed for a reason that may pass gives its claim back and is retried by the next run,
 * one that Slack refused for good is recorded as failed and not retried.
 */
final class DigestSender {
    private static final Logger log = LoggerFactory.getLogger(DigestSender.class);
    /** How long a claim holds when its instance neither marks it sent nor gives it back (it died while posting). */
    static final Duration LEASE = Duration.ofMinutes(15);

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

    /** A computed digest with the permalinks it points at, shared by every recipient of the same period. */
    record Prepared(Digest digest, Map<String, String> links) {}

    void tick() {
        for (String teamId : workspace.teams()) {
            try {
                deliver(teamId);
            } catch (RuntimeException e) {
                log.error("Digest delivery failed for workspace {}; the next run retries it", teamId, e);
            }
        }
    }

    private void deliver(String teamId) {
        var settings = workspace.settings(teamId, null);
        var schedule = settings.digest();
        var now = clock.instant();
        Map<Instant, Prepared> prepared = new HashMap<>();
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
     * Claims, posts and marks sent one recipient's digest, marking it sent as soon as Slack accepted the post (before
     * the chart, so that a crash during the upload never posts it twice). A failure that may pass gives the claim
     * back for the next run; one Slack refuses for good (a removed leader, a missing or archived channel) is recorded
     * as failed, once, and not retried this week.
     */
    private void deliverOnce(
            String teamId,
            String recipient,
            Optional<String> leaderId,
            ZonedDateTime due,
            Map<Instant, Prepared> prepared) {
        var repository = new DigestRepository(dsl);
        var week = DigestSchedule.week(due);
        var claimant = UUID.randomUUID().toString();
        if (!repository.claim(teamId, recipient, week, claimant, clock.instant(), LEASE)) {
            return;
        }
        Prepared digest;
        SlackApi.Result<ChatPostMessageResponse> posted;
        try {
            digest = prepared.computeIfAbsent(due.toInstant(), end -> prepare(teamId, end));
            posted = post(digest, recipient, leaderId, due.getZone());
        } catch (RuntimeException e) {
            log.error("The digest of week {} for {} in workspace {} could not be made", week, recipient, teamId, e);
            repository.release(teamId, recipient, week, claimant);
            return;
        }
        if (posted.ok()) {
            repository.markSent(teamId, recipient, week, claimant, clock.instant());
            var response = posted.response().orElseThrow();
            attachChart(digest, response.getChannel() != null ? response.getChannel() : recipient, due.getZone());
        } else if (posted.retryable()) {
            log.warn(
                    "The digest of week {} for {} in workspace {} was not sent ({}); the next run retries it",
                    week,
                    recipient,
                    teamId,
                    posted.error());
            repository.release(teamId, recipient, week, claimant);
        } else {
            log.warn(
                    "The digest of week {} for {} in workspace {} cannot be sent ({}); it is not retried this week",
                    week,
                    recipient,
                    teamId,
                    posted.error());
            repository.markFailed(teamId, recipient, week, claimant, posted.error());
        }
    }

    /** The digest of the 7 days before {@code end}, with its permalinks fetched once. */
    Prepared prepare(String teamId, Instant end) {
        var digest = digests.compute(teamId, end);
        return new Prepared(digest, links(digest));
    }

    /** Posts the digest to {@code channel}, with dates shown in {@code zone}, the recipient's. */
    private SlackApi.Result<ChatPostMessageResponse> post(
            Prepared prepared, String channel, Optional<String> leaderId, ZoneId zone) {
        var digest = prepared.digest();
        var blocks = DigestMessages.render(digest, leaderId, prepared.links(), zone);
        return slack.attempt(
                "chat.postMessage",
                client -> client.chatPostMessage(r -> r.channel(channel)
                        .text(DigestMessages.text(digest))
                        .blocks(blocks)
                        .unfurlLinks(false)));
    }

    /** Uploads the trend chart next to a posted digest; a chart that fails to render or upload is left out. */
    private void attachChart(Prepared prepared, String conversation, ZoneId zone) {
        try {
            byte[] png = DigestChart.png(prepared.digest().trend(), zone);
            slack.call(
                    "files.uploadV2",
                    client -> client.filesUploadV2(r -> r.channel(conversation)
                            .filename("cx-trend.png")
                            .title("8-week trend")
                            .fileData(png)
                            .initialComment(
                                    "The 8-week trend: kudos, giving participation, eNPS and the CX culture index.")));
        } catch (IOException | RuntimeException | Error e) {
            log.warn("The digest chart could not be made; the digest was sent without it", e);
        }
    }

    /** Permalinks of the posts the digest links to: spotlight kudos and critiques without owner. */
    private Map<String, String> links(Digest digest) {
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
