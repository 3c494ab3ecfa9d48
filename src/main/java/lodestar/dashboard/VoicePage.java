package lodestar.dashboard;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import lodestar.digest.DigestService;
import lodestar.quotes.QuoteLedger;
import lodestar.quotes.QuoteService;

/**
 * The customer voice for leaders and admins: the digest's quote figures over the chosen period with their chart, the
 * period's critiques still without an owner, a search of the quote library, and the whole library as CSV.
 */
final class VoicePage {
    private final Access access;
    private final DigestService digests;
    private final QuoteService quotes;
    private final QuoteLedger ledger;
    private final Clock clock;

    VoicePage(Access access, DigestService digests, QuoteService quotes, QuoteLedger ledger, Clock clock) {
        this.access = access;
        this.digests = digests;
        this.quotes = quotes;
        this.ledger = ledger;
        this.clock = clock;
    }

    void show(Context ctx) {
        var who = access.leader(ctx);
        if (who.isEmpty()) {
            return;
        }
        var search = LibrarySearch.of(ctx.queryParam("q"), ctx.queryParam("sentiment"));
        access.render(
                ctx,
                "dashboard/voice.jte",
                page(
                        digests,
                        quotes,
                        who.get().name(),
                        who.get().csrf(),
                        who.get().teamId(),
                        clock.instant(),
                        Access.weeks(ctx),
                        search));
    }

    /** The page of {@code weeks} weeks up to {@code now}: the figures computed once, as the digest defines them. */
    static Pages.Voice page(
            DigestService digests,
            QuoteService quotes,
            String name,
            String csrf,
            String teamId,
            Instant now,
            int weeks,
            LibrarySearch search) {
        var trend = digests.trend(teamId, Access.periodEnd(now), weeks);
        // One more than listed, to know whether there are more.
        var unowned = quotes.unownedCritiques(teamId, trend.get(0).from(), now, VoiceTable.UNOWNED_LISTED + 1).stream()
                .map(VoiceTable::unowned)
                .toList();
        var found = quotes.search(teamId, search.sentiment(), search.words()).stream()
                .map(VoiceTable::row)
                .toList();
        return new Pages.Voice(name, csrf, weeks, trend, unowned, search, found);
    }

    /** The chart of the chosen period, as SVG; the page has its figures as a table. */
    void chart(Context ctx) {
        access.chart(ctx, clock.instant(), (teamId, end, weeks) -> VoiceChart.svg(digests.trend(teamId, end, weeks)));
    }

    /** Every quote of the library, archived ones too, with its engagement and where closing its loop stands. */
    void csv(Context ctx) {
        var who = access.leader(ctx);
        if (who.isEmpty()) {
            return;
        }
        CsvExport.send(
                ctx,
                "lodestar-quotes-" + Pages.isoDay(clock.instant()) + ".csv",
                out -> CsvExport.quotes(ledger, who.get().teamId(), out));
    }
}
