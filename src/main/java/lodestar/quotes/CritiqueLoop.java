package lodestar.quotes;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import lodestar.delivery.Outbox;
import lodestar.slack.SlackText;
import lodestar.workspace.Actor;
import org.jooq.DSLContext;

/**
 * Closing the loop on a critique: the first person to click owns it, and its owner marks it resolved with a one-line
 * note. Done from a message, that message is brought up to date through the outbox, in the transaction that records it.
 */
final class CritiqueLoop {
    private final DSLContext dsl;
    private final Clock clock;

    CritiqueLoop(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    QuoteOutcome.Loop own(Actor actor, long quoteId, Optional<QuoteDeliveries.Shown> shown) {
        var now = clock.instant();
        return dsl.transactionResult(tx -> {
            var repository = new QuoteRepository(tx.dsl());
            boolean owned = repository.own(actor.teamId(), quoteId, actor.userId(), now);
            var quote = repository.find(actor.teamId(), quoteId);
            var owner = quote.flatMap(Quote::ownerId);
            if (owned) {
                return done(tx.dsl(), actor.teamId(), quote.orElseThrow(), shown, now);
            }
            if (owner.filter(actor.userId()::equals).isPresent()) {
                // Owned by this person already (a double click, a click done again after a crash, or with /quote): the
                // message's update is enqueued unless it was, never cancelled, as cancelling the one enqueued then to
                // enqueue the same again would leave none.
                shown.ifPresent(message ->
                        Outbox.enqueue(tx.dsl(), QuoteDeliveries.update(actor.teamId(), message, quote.get()), now));
                return new QuoteOutcome.Done(quote.orElseThrow());
            }
            return owner.<QuoteOutcome.Loop>map(
                            other -> new QuoteOutcome.NotDone("<@" + other + "> already owns this critique."))
                    .orElse(new QuoteOutcome.NotDone("Only a critique can be owned."));
        });
    }

    QuoteOutcome.Loop resolve(Actor actor, long quoteId, String note, Optional<QuoteDeliveries.Shown> shown) {
        String line = note == null ? "" : note.strip();
        if (line.isEmpty() || SlackText.plain(line).length() > 200 || line.contains("\n")) {
            return new QuoteOutcome.NotDone("Say in one line (at most 200 characters) how it was resolved.");
        }
        var now = clock.instant();
        return dsl.transactionResult(tx -> {
            var repository = new QuoteRepository(tx.dsl());
            if (!repository.resolve(actor.teamId(), quoteId, actor.userId(), line, now)) {
                return new QuoteOutcome.NotDone("Only the owner of an unresolved critique can mark it resolved.");
            }
            return done(
                    tx.dsl(),
                    actor.teamId(),
                    repository.find(actor.teamId(), quoteId).orElseThrow(),
                    shown,
                    now);
        });
    }

    private static QuoteOutcome.Loop done(
            DSLContext tx, String teamId, Quote quote, Optional<QuoteDeliveries.Shown> shown, Instant now) {
        shown.ifPresent(message -> {
            // an older state still waiting (in back-off) must not land after this one
            Outbox.cancelAbout(tx, teamId, QuoteDeliveries.UPDATE, QuoteDeliveries.updateSubject(message), now);
            Outbox.enqueue(tx, QuoteDeliveries.update(teamId, message, quote), now);
        });
        return new QuoteOutcome.Done(quote);
    }
}
