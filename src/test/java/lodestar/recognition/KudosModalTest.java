package lodestar.recognition;

import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import lodestar.quotes.QuoteDraft;
import lodestar.quotes.QuoteOutcome;
import lodestar.quotes.Sentiment;
import lodestar.testing.FakeSlack;
import lodestar.testing.SlackRequests;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Giving kudos through the modal, opened by /kudos, by the "Give kudos" message shortcut or from a praise quote. */
class KudosModalTest extends KudosModalFixture {
    @Test
    void kudosWithoutText_opensTheModal_withOurValues() {
        var reply = harness.send().command("/kudos", "", ALICE);

        assertThat(reply.status()).isEqualTo(200);
        var view = openedView();
        assertThat(view.path("callback_id").asText()).isEqualTo("kudos_modal");
        assertThat(FakeSlack.allText(view))
                .contains(
                        "Who made a difference", "#ownership", "#fix-the-root", "What did they do?", "Customer impact");
        assertThat(view.path("private_metadata").asText()).contains(SlackRequests.CHANNEL);
    }

    @Test
    void goodSubmission_closesTheModal_postsWithTheCustomerImpact_andConfirmsEphemerally() {
        var reply = harness.send()
                .viewSubmission(
                        ALICE,
                        "kudos_modal",
                        "V1",
                        origin(SlackRequests.CHANNEL, null),
                        state(
                                List.of(BOB),
                                List.of("ownership"),
                                "Rebuilt Acme's export <overnight> & shipped it",
                                "Acme closed their books on time"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
        var post = FakeSlack.allText(
                harness.slack().calls("chat.postMessage").get(0).params());
        assertThat(post)
                .contains(
                        "#ownership",
                        "Rebuilt Acme's export &lt;overnight&gt; &amp; shipped it",
                        "Customer impact",
                        "Acme closed their books on time");
        var confirmation = harness.slack().only("chat.postEphemeral");
        assertThat(confirmation.text("user")).isEqualTo(ALICE);
        assertThat(confirmation.text("channel")).isEqualTo(SlackRequests.CHANNEL);
        assertThat(FakeSlack.allText(confirmation.params())).contains("Kudos sent to <@" + BOB + ">", "Undo");
    }

    @Test
    void badSubmission_showsFieldErrorsInTheModal_andStoresNothing() {
        var errors = errors(submit(ALICE, "V2", state(List.of(ALICE), List.of(), "too short", "")));

        assertThat(errors.path("recipients").asText()).contains("can't give kudos to yourself");
        assertThat(errors.path("reason").asText()).contains("at least 10 characters");
        assertThat(storedKudos()).isZero();
        assertThat(harness.slack().calls("chat.postMessage")).isEmpty();
    }

    @Test
    void modalSubmittedTwice_recordsAndPostsOnce() {
        var state = state(List.of(BOB, CAROL), List.of(), "Stayed on the Acme call until payroll ran", "");

        harness.send().viewSubmission(ALICE, "kudos_modal", "V3", origin(SlackRequests.CHANNEL, null), state);
        var second =
                harness.send().viewSubmission(ALICE, "kudos_modal", "V3", origin(SlackRequests.CHANNEL, null), state);

        assertThat(second.status()).isEqualTo(200);
        assertThat(storedKudos()).isEqualTo(1);
        assertThat(harness.slack().calls("chat.postMessage").stream()
                        .filter(call -> call.text("channel").equals(SlackRequests.CHANNEL)))
                .hasSize(1);
    }

    @Test
    void openedInADmWithoutARecognitionChannel_saysSoInTheModal() {
        var errors = errors(submit(
                ALICE,
                "V4",
                origin("D0ALICE", null),
                state(List.of(BOB), List.of(), "Stayed on the Acme call until payroll ran", "")));

        assertThat(errors.path("recipients").asText()).contains("/cx channel kudos #channel");
        assertThat(storedKudos()).isZero();
    }

    @Test
    void messageShortcut_opensTheModalWithTheAuthorChosen_andTheKudosLinksToTheMessage() {
        var reply = harness.send()
                .messageShortcut(
                        ALICE, "give_kudos", "C0SUPPORT", "1700000000.000200", BOB, "Fixed! Acme can export again.");

        assertThat(reply.status()).isEqualTo(200);
        var permalink = harness.slack().only("chat.getPermalink");
        assertThat(permalink.text("channel")).isEqualTo("C0SUPPORT");
        assertThat(openedView().findValue("initial_users").get(0).asText()).isEqualTo(BOB);
        var view = updatedView(); // the link is added once the form is open
        assertThat(view.findValue("initial_users").get(0).asText()).isEqualTo(BOB);
        String metadata = view.path("private_metadata").asText();
        assertThat(metadata).contains("https://acme.slack.com/archives/C0SUPPORT/p1700000000000200");

        harness.slack().reset();
        harness.send()
                .viewSubmission(
                        ALICE,
                        "kudos_modal",
                        "V5",
                        metadata,
                        state(List.of(BOB), List.of("fix-the-root"), "Found the root cause of the export bug", ""));

        var kudos = harness.app()
                .recognition()
                .service()
                .find(lodestar.testing.FakeSlack.TEAM, 1)
                .orElseThrow();
        assertThat(kudos.link()).contains("https://acme.slack.com/archives/C0SUPPORT/p1700000000000200");
        assertThat(kudos.postChannelId()).isEqualTo("C0SUPPORT");
        assertThat(FakeSlack.allText(
                        harness.slack().calls("chat.postMessage").get(0).params()))
                .contains("View the conversation");
    }

    @Test
    void shortcutOnYourOwnMessage_choosesNobody() {
        harness.send().messageShortcut(ALICE, "give_kudos", "C0SUPPORT", "1700000000.000300", ALICE, "I fixed it");

        assertThat(openedView().findValue("initial_users")).isNull();
    }

    @Nested
    class FromAPraiseQuote {
        @Test
        void theModalCarriesOnlyTheQuoteNumber_andTheKudosKeepsTheWholeText() {
            String text =
                    "<b>Your</b> team & \"support\" = 'the best' ".repeat(35).strip();
            long quoteId = ((QuoteOutcome.Added) harness.app()
                            .quotes()
                            .service()
                            .add(
                                    new Actor(FakeSlack.TEAM, null, ALICE),
                                    new QuoteDraft(
                                            text,
                                            Optional.of(Sentiment.PRAISE),
                                            Optional.empty(),
                                            Optional.empty(),
                                            Optional.empty(),
                                            List.of(),
                                            Optional.empty())))
                    .quote()
                    .id();

            harness.app().recognition().openKudosModal(FakeSlack.TEAM, "trigger-q", "C0DAILY", quoteId, text);

            String metadata = openedView().path("private_metadata").asText();
            assertThat(metadata).doesNotContain("support").hasSizeLessThan(200);
            harness.send()
                    .viewSubmission(
                            BOB,
                            "kudos_modal",
                            "V30",
                            metadata,
                            state(List.of(CAROL), List.of(), "Built the support flow this customer loves", ""));
            var kudos = harness.app()
                    .recognition()
                    .service()
                    .find(FakeSlack.TEAM, 1)
                    .orElseThrow();
            assertThat(kudos.quote()).hasValueSatisfying(quote -> {
                assertThat(quote.id()).isEqualTo(quoteId);
                assertThat(quote.text()).isEqualTo(text);
            });
        }
    }
}
