package lodestar.recognition;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lodestar.testing.FakeSlack;
import org.junit.jupiter.api.Test;

/** A kudos form that cannot be given as asked: the form says why, under the field at fault, and nothing is stored. */
class KudosModalBadInputTest extends KudosModalFixture {
    @Test
    void valueRemovedBetweenOpeningAndSubmitting_isShownUnderValues() {
        var reply = submit(
                ALICE, "V20", state(List.of(BOB), List.of("speed"), "Stayed on the Acme call until payroll ran", ""));

        assertThat(errors(reply).path("values").asText()).contains("#speed isn't one of our values", "#ownership");
        assertThat(storedKudos()).isZero();
    }

    @Test
    void allowanceExhausted_isShownUnderRecipients() {
        harness.send().command("/cx", "allowance 1 per week", ADMIN);

        var reply = submit(
                ALICE, "V21", state(List.of(BOB, CAROL), List.of(), "Stayed on the Acme call until payroll ran", ""));

        assertThat(errors(reply).path("recipients").asText()).contains("You have 1 kudos left this week", "not 2");
        assertThat(storedKudos()).isZero();
    }

    @Test
    void botRecipient_isNamedReadably() {
        harness.slack().addUser("U0BUILDBOT", u -> u.put("is_bot", true).put("real_name", "Build Bot"));

        var reply = submit(
                ALICE, "V22", state(List.of("U0BUILDBOT"), List.of(), "Sent every reminder to Acme on time", ""));

        String error = errors(reply).path("recipients").asText();
        assertThat(error).isEqualTo("Build Bot is a bot: kudos are for people.");
        assertThat(storedKudos()).isZero();
    }

    @Test
    void deactivatedRecipient_isNamedReadably() {
        harness.slack().addUser("U0DANA", u -> u.put("deleted", true).put("real_name", "Dana Scully"));

        var reply =
                submit(ALICE, "V23", state(List.of("U0DANA"), List.of(), "Sent every reminder to Acme on time", ""));

        assertThat(errors(reply).path("recipients").asText())
                .isEqualTo("Dana Scully's account is deactivated, so they can't receive kudos.");
        assertThat(storedKudos()).isZero();
    }

    @Test
    void unknownRecipient_isDescribedWithoutItsId() {
        var reply =
                submit(ALICE, "V24", state(List.of("U0NOBODY"), List.of(), "Sent every reminder to Acme on time", ""));

        assertThat(errors(reply).path("recipients").asText())
                .contains("Slack doesn't know one of the people you chose")
                .doesNotContain("U0NOBODY");
        assertThat(storedKudos()).isZero();
    }

    @Test
    void customerImpactOver500Characters_isShownUnderImpact() {
        var reply = submit(
                ALICE,
                "V25",
                state(List.of(BOB), List.of(), "Stayed on the Acme call until payroll ran", "x".repeat(501)));

        assertThat(errors(reply).path("impact").asText()).contains("at most 500 characters", "501");
        assertThat(storedKudos()).isZero();
        assertThat(harness.slack().calls("chat.postMessage")).isEmpty();
    }

    @Test
    void shortcutOnADeletedMessage_opensTheModalSayingItCannotLink() {
        harness.slack()
                .answer(
                        "chat.getPermalink",
                        params -> JSON.createObjectNode().put("ok", false).put("error", "message_not_found"));

        harness.send().messageShortcut(ALICE, "give_kudos", "C0SUPPORT", "1700000000.000400", BOB, "gone");

        var view = updatedView();
        assertThat(view.findValue("initial_users").get(0).asText()).isEqualTo(BOB);
        assertThat(FakeSlack.allText(view)).contains("couldn't link to that message", "may have been deleted");
        assertThat(view.path("private_metadata").asText()).doesNotContain("link");
        assertThat(storedKudos()).isZero();
    }
}
