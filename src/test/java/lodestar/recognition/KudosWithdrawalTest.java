package lodestar.recognition;

import static lodestar.db.schema.Tables.COMMAND_INBOX;
import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import lodestar.testing.FakeSlack;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** Withdrawing kudos: the giver may undo it within 15 minutes, an admin may remove it; then it stops counting. */
class KudosWithdrawalTest extends KudosFixture {
    private String undoValue() {
        var confirmation = harness.slack().calls("response_url").get(0).params();
        return confirmation.findValue("actions") == null
                ? confirmation.findParent("action_id").path("value").asText()
                : confirmation.findValue("value").asText();
    }

    @Test
    void undoWithinFifteenMinutes_withdrawsThePost_andReturnsTheAllowance() {
        kudos(mention(BOB) + " Fixed the export for Acme", ALICE);
        String id = undoValue();
        harness.clock().advance(Duration.ofMinutes(14));

        harness.send().blockAction(ALICE, "kudos_undo", id, CHANNEL, "1.1");

        var update = harness.slack().only("chat.update");
        assertThat(update.text("channel")).isEqualTo(CHANNEL);
        assertThat(FakeSlack.allText(update.params())).contains("withdrawn by the giver");
        assertThat(lastResponse().params().path("replace_original").asBoolean()).isTrue();
        assertThat(FakeSlack.allText(lastResponse().params())).contains("withdrawn", "*5* of 5");
        assertThat(harness.app()
                        .recognition()
                        .service()
                        .find(FakeSlack.TEAM, 1)
                        .orElseThrow()
                        .counts())
                .isFalse();
    }

    @Test
    void anInstanceDyingAfterAckingAnUndo_leavesItToAnother_andTheKudosIsWithdrawnOnce() {
        kudos(mention(BOB) + " Fixed the export for Acme", ALICE);
        String id = undoValue();
        harness.holdAfterAck();

        assertThat(harness.send()
                        .blockAction(ALICE, "kudos_undo", id, CHANNEL, "1.1")
                        .status())
                .isEqualTo(200);

        // The instance dies with the undo queued in memory: the click is in the inbox, the kudos still counts.
        assertThat(harness.dropAfterAck()).isPositive();
        var db = TestDatabase.get().database().dsl();
        var waiting = COMMAND_INBOX.COMMAND.eq(UndoAction.JOB).and(COMMAND_INBOX.DONE_AT.isNull());
        assertThat(db.fetchCount(COMMAND_INBOX, waiting)).isEqualTo(1);
        assertThat(counts()).isTrue();

        // Its lease lapses; another instance (here the restarted one) withdraws it, once, and tells the giver.
        db.execute("update command_inbox set lease_until = now() - interval '1 second'");
        while (harness.app().inbox().poll() > 0) {
            harness.runAfterAck();
        }
        harness.runAfterAck();

        assertThat(counts()).isFalse();
        assertThat(db.fetchCount(COMMAND_INBOX, waiting)).isZero();
        assertThat(FakeSlack.allText(harness.slack().only("chat.update").params()))
                .contains("withdrawn by the giver");
        assertThat(FakeSlack.allText(lastResponse().params())).contains("withdrawn", "*5* of 5");
    }

    @Test
    void anUndoClickedWithinFifteenMinutes_andDoneAfterThem_stillWithdraws() {
        kudos(mention(BOB) + " Fixed the export for Acme", ALICE);
        String id = undoValue();
        harness.clock().advance(Duration.ofMinutes(14));
        harness.holdAfterAck();

        harness.send().blockAction(ALICE, "kudos_undo", id, CHANNEL, "1.1");
        harness.clock().advance(Duration.ofMinutes(5)); // its worker comes late (a crash, a backlog)
        harness.runAfterAck();

        assertThat(counts()).isFalse();
        assertThat(FakeSlack.allText(lastResponse().params())).contains("withdrawn", "*5* of 5");
    }

    private static boolean counts() {
        return harness.app()
                .recognition()
                .service()
                .find(FakeSlack.TEAM, 1)
                .orElseThrow()
                .counts();
    }

    @Test
    void undoAfterSixteenMinutes_isRefused() {
        kudos(mention(BOB) + " Fixed the export for Acme", ALICE);
        String id = undoValue();
        harness.clock().advance(Duration.ofMinutes(16));

        harness.send().blockAction(ALICE, "kudos_undo", id, CHANNEL, "1.1");

        assertThat(FakeSlack.allText(
                        harness.slack().calls("response_url").get(1).params()))
                .contains("more than 15 minutes");
        assertThat(harness.slack().calls("chat.update")).isEmpty();
        assertThat(harness.app()
                        .recognition()
                        .service()
                        .find(FakeSlack.TEAM, 1)
                        .orElseThrow()
                        .counts())
                .isTrue();
    }

    @Test
    void doubleClick_withdrawsOnce() {
        kudos(mention(BOB) + " Fixed the export for Acme", ALICE);
        String id = undoValue();

        harness.send().blockAction(ALICE, "kudos_undo", id, CHANNEL, "1.1");
        harness.send().blockAction(ALICE, "kudos_undo", id, CHANNEL, "1.1");

        assertThat(harness.slack().calls("chat.update")).hasSize(1);
        assertThat(answer()).contains("already withdrawn");
    }

    @Test
    void someoneElse_cannotUndo() {
        kudos(mention(BOB) + " Fixed the export for Acme", ALICE);

        harness.send().blockAction(BOB, "kudos_undo", undoValue(), CHANNEL, "1.1");

        assertThat(answer()).contains("Only the person who gave a kudos can undo it");
        assertThat(harness.app()
                        .recognition()
                        .service()
                        .find(FakeSlack.TEAM, 1)
                        .orElseThrow()
                        .counts())
                .isTrue();
    }

    @Test
    void postDeletedMeanwhile_undoStillWorks() {
        kudos(mention(BOB) + " Fixed the export for Acme", ALICE);
        harness.slack()
                .answer(
                        "chat.update",
                        p -> JSON.createObjectNode().put("ok", false).put("error", "message_not_found"));

        harness.send().blockAction(ALICE, "kudos_undo", undoValue(), CHANNEL, "1.1");

        assertThat(FakeSlack.allText(lastResponse().params())).contains("withdrawn");
        assertThat(harness.app()
                        .recognition()
                        .service()
                        .find(FakeSlack.TEAM, 1)
                        .orElseThrow()
                        .counts())
                .isFalse();
    }

    @Test
    void adminRemovesAKudos_andItIsRecorded() {
        kudos(mention(BOB) + " Fixed the export for Acme", ALICE);

        kudos("remove 1", ADMIN);

        assertThat(answer()).contains("Kudos #1 removed");
        assertThat(FakeSlack.allText(harness.slack().only("chat.update").params()))
                .contains("by a moderator");
        var row = TestDatabase.get().database().dsl().fetchSingle(lodestar.db.schema.Tables.KUDOS);
        assertThat(row.getWithdrawnBy()).isEqualTo(ADMIN);
        assertThat(row.getWithdrawal()).isEqualTo("moderation");
        assertThat(row.getWithdrawnAt()).isNotNull();
    }

    @Test
    void memberCannotRemove() {
        kudos(mention(BOB) + " Fixed the export for Acme", ALICE);

        kudos("remove 1", CAROL);

        assertThat(answer()).contains("Only workspace admins");
        assertThat(harness.app()
                        .recognition()
                        .service()
                        .find(FakeSlack.TEAM, 1)
                        .orElseThrow()
                        .counts())
                .isTrue();
    }

    @Test
    void removingAKudosThatDoesNotExist_isExplained_andChangesNothing() {
        kudos(mention(BOB) + " Fixed the export for Acme", ALICE);

        kudos("remove 999", ADMIN);

        assertThat(answer()).contains("There is no kudos #999.");
        assertThat(harness.slack().calls("chat.update")).isEmpty();
        var row = TestDatabase.get().database().dsl().fetchSingle(lodestar.db.schema.Tables.KUDOS);
        assertThat(row.getWithdrawal()).isNull();
        assertThat(row.getWithdrawnBy()).isNull();
    }

    @Test
    void removeWithoutANumber_isExplained() {
        assertThat(kudos("remove the last one", ADMIN).text()).contains("/kudos remove 42");
    }
}
