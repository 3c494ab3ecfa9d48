package lodestar.dashboard;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import lodestar.pulse.PulseService;
import lodestar.pulse.Results;
import lodestar.pulse.Series;

/**
 * Pulse surveys for leaders and admins: each series' eNPS or belief score and response rate run by run, or "not
 * enough answers", on the page and as CSV; never a figure the minimum group size hides, never an answer.
 */
final class PulsePage {
    private final Access access;
    private final PulseService pulse;
    private final Clock clock;

    PulsePage(Access access, PulseService pulse, Clock clock) {
        this.access = access;
        this.pulse = pulse;
        this.clock = clock;
    }

    void show(Context ctx) {
        var who = access.leader(ctx);
        if (who.isEmpty()) {
            return;
        }
        var series = results(who.get().teamId()).stream()
                .map(entry -> PulseTable.rows(entry.getKey(), entry.getValue()))
                .toList();
        access.render(
                ctx,
                "dashboard/pulse.jte",
                new Pages.Pulse(who.get().name(), who.get().csrf(), series));
    }

    void csv(Context ctx) {
        var who = access.leader(ctx);
        if (who.isEmpty()) {
            return;
        }
        var results = results(who.get().teamId());
        CsvExport.send(
                ctx, "lodestar-pulse-" + Pages.isoDay(clock.instant()) + ".csv", out -> CsvExport.pulse(results, out));
    }

    /** The workspace's latest series (newest first), each with its counted runs (oldest first). */
    private List<Map.Entry<Series, List<Results>>> results(String teamId) {
        return pulse.list(teamId).stream()
                .map(series -> Map.entry(series, pulse.resultsOf(teamId, series.id())))
                .toList();
    }
}
