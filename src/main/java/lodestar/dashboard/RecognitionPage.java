package lodestar.dashboard;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import lodestar.recognition.KudosLedger;

/** Recognition for leaders and admins: the kudos ledger of the chosen period as CSV. */
final class RecognitionPage {
    private final Access access;
    private final KudosLedger ledger;
    private final Clock clock;

    RecognitionPage(Access access, KudosLedger ledger, Clock clock) {
        this.access = access;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The kudos ledger of the last {@code weeks} weeks (4 to 52; 12 unless said). */
    void csv(Context ctx) {
        var who = access.leader(ctx);
        if (who.isEmpty()) {
            return;
        }
        int weeks = Access.weeks(ctx);
        var to = clock.instant();
        CsvExport.send(
                ctx,
                "lodestar-kudos-" + Pages.isoDay(to) + ".csv",
                out -> CsvExport.kudos(ledger, who.get().teamId(), to.minus(Duration.ofDays(7L * weeks)), to, out));
    }
}
