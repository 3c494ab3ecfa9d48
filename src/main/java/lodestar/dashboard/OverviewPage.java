package lodestar.dashboard;

import io.javalin.http.Context;
import java.time.Clock;
import lodestar.digest.DigestService;
import lodestar.recognition.RecognitionService;
import lodestar.workspace.Actor;

/**
 * The dashboard's front page: for leaders and admins the CX culture index and the digest's figures over the chosen
 * period, with its chart; for any other member their own recognition, and why that is all they see.
 */
final class OverviewPage {
    private final Access access;
    private final DigestService digests;
    private final RecognitionService recognition;
    private final Clock clock;

    OverviewPage(Access access, DigestService digests, RecognitionService recognition, Clock clock) {
        this.access = access;
        this.digests = digests;
        this.recognition = recognition;
        this.clock = clock;
    }

    void show(Context ctx) {
        var session = access.signedIn(ctx);
        if (session.isEmpty()) {
            return;
        }
        var who = session.get();
        if (access.isLeader(who)) {
            int weeks = Access.weeks(ctx);
            var now = clock.instant();
            // This week as the digest counts it (the 7 days up to now); the trend in whole days, kept once past.
            var overview = digests.overview(who.teamId(), now, Access.periodEnd(now), weeks);
            access.render(
                    ctx,
                    "dashboard/overview.jte",
                    new Pages.Overview(who.name(), who.csrf(), weeks, overview.thisWeek(), overview.trend()));
        } else {
            var actor = new Actor(who.teamId(), null, who.userId());
            access.render(
                    ctx, "dashboard/member.jte", new Pages.Member(who.name(), who.csrf(), recognition.summary(actor)));
        }
    }

    /** The trend chart of the chosen period, as SVG; the page has its figures as a table. */
    void chart(Context ctx) {
        access.chart(ctx, clock.instant(), (teamId, end, weeks) -> TrendChart.svg(digests.trend(teamId, end, weeks)));
    }
}
