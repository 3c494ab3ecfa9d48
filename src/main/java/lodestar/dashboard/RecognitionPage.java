package lodestar.dashboard;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import lodestar.digest.DigestService;
import lodestar.recognition.KudosLedger;
import lodestar.recognition.RecognitionService;

/**
 * Recognition for leaders and admins over the chosen period: kudos and participation week by week as the digest
 * defines them, with their chart; the values used month by month; the newest kudos; the kudos ledger as CSV.
 */
final class RecognitionPage {
    static final int LATEST = 20;

    private final Access access;
    private final DigestService digests;
    private final KudosLedger ledger;
    private final RecognitionService recognition;
    private final Clock clock;

    RecognitionPage(
            Access access, DigestService digests, KudosLedger ledger, RecognitionService recognition, Clock clock) {
        this.access = access;
        this.digests = digests;
        this.ledger = ledger;
        this.recognition = recognition;
        this.clock = clock;
    }

    void show(Context ctx) {
        var who = access.leader(ctx);
        if (who.isEmpty()) {
            return;
        }
        var session = who.get();
        access.render(
                ctx,
                "dashboard/recognition.jte",
                page(session.name(), session.csrf(), session.teamId(), Access.weeks(ctx)));
    }

    /** The page's figures for the {@code weeks} weeks up to now; the values and the kudos cover the same weeks. */
    Pages.Recognition page(String name, String csrf, String teamId, int weeks) {
        var trend = digests.trendWithReach(teamId, Access.periodEnd(clock.instant()), weeks);
        var from = trend.get(0).from();
        var to = trend.get(trend.size() - 1).to();
        return new Pages.Recognition(
                name,
                csrf,
                weeks,
                trend,
                ValueTable.of(recognition.valueMonths(teamId, from, to), from, to),
                ledger.latest(teamId, from, to, LATEST));
    }

    /** Kudos and participation of the chosen period, as SVG; the page has the same figures as a table. */
    void chart(Context ctx) {
        access.chart(
                ctx,
                clock.instant(),
                (teamId, end, weeks) -> RecognitionChart.svg(digests.trendWithReach(teamId, end, weeks)));
    }

    /** The kudos ledger of the weeks the page shows (4 to 52; 12 unless said). */
    void csv(Context ctx) {
        var who = access.leader(ctx);
        if (who.isEmpty()) {
            return;
        }
        int weeks = Access.weeks(ctx);
        var now = clock.instant();
        // The weeks the page shows: from midnight, the last ending tonight.
        var to = Access.periodEnd(now);
        CsvExport.send(
                ctx,
                "lodestar-kudos-" + Pages.isoDay(now) + ".csv",
                out -> CsvExport.kudos(ledger, who.get().teamId(), to.minus(Duration.ofDays(7L * weeks)), to, out));
    }
}
