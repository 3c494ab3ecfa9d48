package lodestar.digest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lodestar.delivery.Outbox;
import lodestar.slack.SlackApi;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 8-week trend chart that follows each digest. The outbox only posts and updates messages, so the chart (a file
 * upload) stays outside it, best-effort as it always was: when Slack took a digest, {@link DigestOutcomes} notes its
 * chart as owed, in the transaction that records the post; {@link #upload} uploads the owed charts once that post is
 * recorded (never inside its transaction), after each digest the sender delivers and at the end of each run. A chart
 * that fails to render or upload is left out; one owed on an instance that stops, or still owed {@link #STALE} after
 * its digest (retried by a background sender, and no run came by on this instance), is dropped.
 */
final class DigestCharts {
    private static final Logger log = LoggerFactory.getLogger(DigestCharts.class);
    /** A chart uploaded later than this would arrive long after the digest it belongs to. */
    static final Duration STALE = Duration.ofMinutes(15);
    /** The outbox's state of a message Slack took. */
    private static final String SENT = "sent";

    private record Owed(String teamId, String conversation, ZonedDateTime due, Instant at) {}

    private record Period(String teamId, Instant end) {}

    private final DigestService digests;
    private final SlackApi slack;
    private final DSLContext dsl;
    private final Clock clock;
    /** By the digest's dedupe key: a post found again in Slack's history owes one chart, not two. */
    private final Map<String, Owed> owed = new ConcurrentHashMap<>();
    /** Trends the sender computed, so that a chart does not compute its digest again. */
    private final Map<Period, List<Figures>> trends = new ConcurrentHashMap<>();

    DigestCharts(DigestService digests, SlackApi slack, DSLContext dsl, Clock clock) {
        this.digests = digests;
        this.slack = slack;
        this.dsl = dsl;
        this.clock = clock;
    }

    void remember(String teamId, Instant end, List<Figures> trend) {
        trends.put(new Period(teamId, end), trend);
    }

    /** Slack took the digest {@code dedupeKey}, due at {@code due}, in {@code conversation}: its chart is owed. */
    void owe(String teamId, String dedupeKey, String conversation, ZonedDateTime due) {
        owed.put(dedupeKey, new Owed(teamId, conversation, due, clock.instant()));
    }

    /**
     * Uploads the owed charts whose digest is recorded as sent. One whose recording is not committed yet (or was
     * rolled back) stays owed until it is, or until it is stale.
     */
    void upload() {
        var now = clock.instant();
        for (var entry : owed.entrySet()) {
            var key = entry.getKey();
            var chart = entry.getValue();
            if (chart.at().plus(STALE).isBefore(now)) {
                owed.remove(key, chart);
                log.info("The chart of {} was not uploaded within {} min; left out", key, STALE.toMinutes());
                continue;
            }
            if (recorded(chart.teamId(), key) && owed.remove(key, chart)) {
                attach(chart);
            }
        }
        trends.keySet().removeIf(period -> period.end().isBefore(now.minus(DigestService.WEEK)));
    }

    /** Whether the digest's post is recorded as sent; not when that cannot be told just now (it stays owed). */
    private boolean recorded(String teamId, String dedupeKey) {
        try {
            return Outbox.status(dsl, teamId, dedupeKey)
                    .map(status -> status.state().equals(SENT))
                    .orElse(false);
        } catch (RuntimeException e) {
            log.warn("Whether {} was sent cannot be told just now; its chart waits", dedupeKey, e);
            return false;
        }
    }

    /** Uploads the chart next to its posted digest, its weeks labelled in the recipient's zone. */
    private void attach(Owed chart) {
        try {
            var zone = chart.due().getZone();
            var trend = trends.computeIfAbsent(
                    new Period(chart.teamId(), chart.due().toInstant()),
                    period ->
                            digests.compute(period.teamId(), period.end(), zone).trend());
            byte[] png = DigestChart.png(trend, zone);
            slack.forTeam(chart.teamId())
                    .call(
                            "files.uploadV2",
                            client -> client.filesUploadV2(
                                    r -> r.channel(chart.conversation())
                                            .filename("cx-trend.png")
                                            .title("8-week trend")
                                            .fileData(png)
                                            .initialComment(
                                                    "The 8-week trend: kudos, giving participation, eNPS and the CX culture index.")));
        } catch (IOException | RuntimeException | Error e) {
            log.warn("The digest chart could not be made; the digest was sent without it", e);
        }
    }
}
