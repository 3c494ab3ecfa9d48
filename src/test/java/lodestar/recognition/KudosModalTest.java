package lodestar.recognition;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lodestar.quotes.QuoteDraft;
import lodestar.quotes.QuoteOutcome;
import lodestar.quotes.Sentiment;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Giving kudos through the modal, opened by /kudos or by the "Give kudos" message shortcut. */
class KudosModalTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode state(List<String> recipients, List<String> values, String reason, String impact) {
        var state = JSON.createObjectNode();
        var users = state.putObject("recipients").putObject("recipients").put("type", "multi_users_select");
        recipients.forEach(users.putArray("selected_users")::add);
        var options = state.putObject("values")
                .putObject("values")
                .put("type", "multi_static_select")
                .putArray("selected_options");
        values.forEach(value -> options.addObject().put("value", value));
        state.putObject("reason")
                .putObject("reason")
                .put("type", "plain_text_input")
                .put("value", reason);
        state.putObject("impact")
                .putObject("impact")
                .put("type", "plain_text_input")
                .put("value", impact);
        return state;
    }

    static String origin(String channel, String link) {
        var origin = JSON.createObjectNode().put("channelId", channel);
        if (link != null) {
            origin.put("link", link);
        }
        return origin.toString();
    }

    private static JsonNode openedView() {
        return harness.slack().only("views.open").params().path("view");
    }

    private static JsonNode updatedView() {
        return harness.slack().only("views.update").params().path("view");
    }

    private static int storedKudos() {
        return TestDatabase.get().database().dsl().fetchCount(lodestar.db.schema.Tables.KUDOS);
    }

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

    private static SlackRequests.Reply submit(String giver, String viewId, ObjectNode state) {
        return harness.send().viewSubmission(giver, "kudos_modal", viewId, origin(SlackRequests.CHANNEL, null), state);
    }

    private static SlackRequests.Reply submit(String giver, String viewId, String origin, ObjectNode state) {
        return harness.send().viewSubmission(giver, "kudos_modal", viewId, origin, state);
    }

    private static JsonNode errors(SlackRequests.Reply reply) {
        assertThat(reply.json().path("response_action").asText()).isEqualTo("errors");
        return reply.json().path("errors");
    }

    @Nested
    class BeforeTheAck {
        @Test
        void goodSubmission_onlyLooksPeopleUpBeforeTheAck_andPostsAfterIt() {
            harness.holdAfterAck();

            var reply = submit(
                    ALICE,
                    "V10",
                    state(List.of(BOB, CAROL), List.of(), "Stayed on the Acme call until payroll ran", ""));

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEmpty();
            assertThat(harness.slack().calls())
                    .allSatisfy(call -> assertThat(call.method()).isEqualTo("users.info"));
            assertThat(harness.sleeps()).isEmpty();
            harness.runAfterAck();
            assertThat(harness.slack().calls("chat.postMessage").stream()
                            .filter(call -> call.text("channel").equals(SlackRequests.CHANNEL)))
                    .hasSize(1);
            assertThat(harness.slack().only("chat.postEphemeral").text("user")).isEqualTo(ALICE);
        }

        @Test
        void rateLimitedLookup_closesTheModalWithoutWaiting_andTheGiveFinishesAfterTheAck() {
            harness.slack().addUser("U0SLOWGIVER", u -> {});
            harness.slack().addUser("U0NEWHIRE", u -> {});
            harness.slack()
                    .failNext(
                            "users.info", 429, Map.of("Retry-After", "5"), "{\"ok\":false,\"error\":\"ratelimited\"}");
            harness.holdAfterAck();

            var reply = submit(
                    "U0SLOWGIVER",
                    "V11",
                    state(List.of("U0NEWHIRE"), List.of(), "Stayed on the Acme call until payroll ran", ""));

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEmpty();
            assertThat(harness.sleeps()).isEmpty();
            assertThat(harness.slack().calls())
                    .allSatisfy(call -> assertThat(call.method()).isEqualTo("users.info"));
            assertThat(storedKudos()).isZero();

            harness.runAfterAck();

            assertThat(storedKudos()).isEqualTo(1);
            assertThat(FakeSlack.allText(
                            harness.slack().only("chat.postEphemeral").params()))
                    .contains("Kudos sent to <@U0NEWHIRE>");
        }

        @Test
        void refusalFoundAfterTheAck_reachesTheGiverAsAMessage_andStoresNothing() {
            harness.slack().addUser("U0LATEGIVER", u -> {});
            harness.slack().addUser("U0LATEBOT", u -> u.put("is_bot", true).put("real_name", "Deploy Bot"));
            harness.slack()
                    .failNext(
                            "users.info", 429, Map.of("Retry-After", "5"), "{\"ok\":false,\"error\":\"ratelimited\"}");
            harness.holdAfterAck();

            var reply = submit(
                    "U0LATEGIVER",
                    "V12",
                    state(List.of("U0LATEBOT"), List.of(), "Sent every reminder to Acme on time", ""));
            assertThat(reply.body()).isEmpty();
            harness.runAfterAck();

            var message = harness.slack().only("chat.postEphemeral");
            assertThat(message.text("user")).isEqualTo("U0LATEGIVER");
            assertThat(FakeSlack.allText(message.params()))
                    .contains("Your kudos wasn't given", "is a bot", "Nothing was sent");
            assertThat(storedKudos()).isZero();
            assertThat(harness.slack().calls("chat.postMessage")).isEmpty();
        }
    }

    @Nested
    class BadInput {
        @Test
        void valueRemovedBetweenOpeningAndSubmitting_isShownUnderValues() {
            var reply = submit(
                    ALICE,
                    "V20",
                    state(List.of(BOB), List.of("speed"), "Stayed on the Acme call until payroll ran", ""));

            assertThat(errors(reply).path("values").asText()).contains("#speed isn't one of our values", "#ownership");
            assertThat(storedKudos()).isZero();
        }

        @Test
        void allowanceExhausted_isShownUnderRecipients() {
            harness.send().command("/cx", "allowance 1 per week", ADMIN);

            var reply = submit(
                    ALICE,
                    "V21",
                    state(List.of(BOB, CAROL), List.of(), "Stayed on the Acme call until payroll ran", ""));

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

            var reply = submit(
                    ALICE, "V23", state(List.of("U0DANA"), List.of(), "Sent every reminder to Acme on time", ""));

            assertThat(errors(reply).path("recipients").asText())
                    .isEqualTo("Dana Scully's account is deactivated, so they can't receive kudos.");
            assertThat(storedKudos()).isZero();
        }

        @Test
        void unknownRecipient_isDescribedWithoutItsId() {
            var reply = submit(
                    ALICE, "V24", state(List.of("U0NOBODY"), List.of(), "Sent every reminder to Acme on time", ""));

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
