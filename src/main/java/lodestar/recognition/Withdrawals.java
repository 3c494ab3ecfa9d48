package lodestar.recognition;

import java.time.Clock;
import java.util.Optional;
import lodestar.delivery.Outbox;
import lodestar.workspace.Actor;
import lodestar.workspace.WorkspaceService;
import org.jooq.DSLContext;

/**
 * Taking a kudos back, by its giver's undo or an admin's removal: in one transaction the kudos is found, the
 * caller's check asked, the withdrawal recorded and its post's fate settled; then what the giver has left.
 */
final class Withdrawals {
    private final DSLContext dsl;
    private final WorkspaceService workspace;
    private final Allowances allowances;
    private final Clock clock;

    interface Check {
        Optional<String> refusal(Kudos kudos);
    }

    Withdrawals(DSLContext dsl, WorkspaceService workspace, Allowances allowances, Clock clock) {
        this.dsl = dsl;
        this.workspace = workspace;
        this.allowances = allowances;
        this.clock = clock;
    }

    Withdrawn withdraw(Actor actor, long kudosId, Kudos.Withdrawal kind, Check check) {
        Object outcome = dsl.transactionResult(tx -> {
            var repository = new RecognitionRepository(tx.dsl());
            var found = repository.find(actor.teamId(), kudosId);
            if (found.isEmpty()) {
                return "There is no kudos #" + kudosId + ".";
            }
            var refusal = check.refusal(found.get());
            if (refusal.isPresent()) {
                return refusal.get();
            }
            if (!repository.withdraw(kudosId, actor.userId(), kind, clock.instant())) {
                return "Kudos #" + kudosId + " was already withdrawn.";
            }
            var withdrawn = repository.find(actor.teamId(), kudosId).orElseThrow();
            // Not posted yet: it never will be. Posted: the post says it was withdrawn. On its way: once it lands.
            Outbox.cancel(tx.dsl(), actor.teamId(), KudosOutbox.postKey(kudosId), clock.instant());
            KudosOutbox.enqueueWithdrawn(tx.dsl(), withdrawn, clock.instant());
            return withdrawn;
        });
        if (outcome instanceof Kudos kudos) {
            // The allowance is computed after the transaction: it needs the giver's time zone from Slack.
            var giver = new Actor(actor.teamId(), null, kudos.giverId());
            var settings = workspace.settings(actor.teamId(), null);
            var zone = allowances.zoneOf(actor.teamId(), giver.userId());
            return new Withdrawn.Done(
                    kudos, allowances.remaining(new RecognitionRepository(dsl), giver, settings, zone));
        }
        return new Withdrawn.Refused((String) outcome);
    }
}
