package lodestar.quotes;

import static lodestar.db.schema.Tables.COMMAND_INBOX;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lodestar.testing.FakeSlack;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Test;

/**
 * Closing the loop on a posted quote: praise credited with kudos, critique owned and resolved, and the
 * reactions and replies the post gets.
 */
class QuoteClosingTheLoopTest extends QuoteFixture {
    private JsonNode postedMessage() {
        return harness.slack().calls("chat.postMessage").get(0).params();
    }

    @Test
    void praise_whoMadeThisHappen_opensTheKudosFormWithTheQuote_andTheKudosShowsIt() {
        long id = add("The new export saved my team a full day.", Sentiment.PRAISE);
        postNow();
        assertThat(FakeSlack.allText(postedMessage())).contains("Customer praise", "Who made this happen?");

        harness.send().blockAction(BOB, "quote_credit", String.valueOf(id), DAILY, "1.1");

        var view = harness.slack().only("views.open").params().path("view");
        assertThat(view.path("callback_id").asText()).isEqualTo("kudos_modal");
        assertThat(FakeSlack.allText(view)).contains("The new export saved my team a full day.");
        harness.slack().reset();
        var state = JSON.createObjectNode();
        state.putObject("recipients")
                .putObject("recipients")
                .putArray("selected_users")
                .add(ALICE);
        state.putObject("reason").putObject("reason").put("value", "Built the export this customer loves");
        harness.send()
                .viewSubmission(
                        BOB, "kudos_modal", "VK", view.path("private_metadata").asText(), state);

        var kudos =
                harness.app().recognition().service().find(FakeSlack.TEAM, 1).orElseThrow();
        assertThat(kudos.quote())
                .hasValueSatisfying(quote -> assertThat(quote.id()).isEqualTo(id));
        assertThat(FakeSlack.allText(
                        harness.slack().calls("chat.postMessage").get(0).params()))
                .contains("In answer to the customer", "saved my team a full day");
    }

    @Test
    void critique_ownedByTheFirstClick_thenResolvedByTheOwner() {
        long id = add("Cancelling took a phone call during business hours.", Sentiment.CRITIQUE);
        postNow();
        assertThat(FakeSlack.allText(postedMessage())).contains("Customer critique", "I'll own this");

        harness.send().blockAction(BOB, "quote_own", String.valueOf(id), DAILY, "1.1");
        assertThat(FakeSlack.allText(harness.slack().only("chat.update").params()))
                .contains("Owned by <@" + BOB + ">", "Resolved");
        harness.send().blockAction(ALICE, "quote_own", String.valueOf(id), DAILY, "1.1");
        assertThat(FakeSlack.allText(
                        harness.slack().calls("response_url").get(0).params()))
                .contains("<@" + BOB + "> already owns this critique");
        harness.send().blockAction(ALICE, "quote_resolve", String.valueOf(id), DAILY, "1.1");
        assertThat(harness.slack().calls("views.open")).isEmpty();
        harness.slack().reset();

        harness.send().blockAction(BOB, "quote_resolve", String.valueOf(id), DAILY, "1.1");
        var modal = harness.slack().only("views.open").params().path("view");
        var state = JSON.createObjectNode();
        state.putObject("note").putObject("note").put("value", "Cancellation is now self-serve in settings");
        var reply = harness.send()
                .viewSubmission(
                        BOB,
                        "quote_resolve_modal",
                        "VR",
                        modal.path("private_metadata").asText(),
                        state);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(FakeSlack.allText(harness.slack().only("chat.update").params()))
                .contains("Resolved by <@" + BOB + ">: Cancellation is now self-serve in settings");
        var quote = harness.app().quotes().service().find(FakeSlack.TEAM, id).orElseThrow();
        assertThat(quote.resolved()).isTrue();
    }

    @Test
    void anInstanceDyingAfterAckingAnOwn_leavesItToAnother_andTheCritiqueIsOwnedOnce() {
        long id = add("Cancelling took a phone call during business hours.", Sentiment.CRITIQUE);
        postNow();
        harness.holdAfterAck();

        assertThat(harness.send()
                        .blockAction(BOB, "quote_own", String.valueOf(id), DAILY, "1.1")
                        .status())
                .isEqualTo(200);

        // The instance dies with the click queued in memory: it is in the inbox, the critique not owned yet.
        assertThat(harness.dropAfterAck()).isPositive();
        var db = TestDatabase.get().database().dsl();
        var waiting = COMMAND_INBOX.COMMAND.eq(OwnAction.JOB).and(COMMAND_INBOX.DONE_AT.isNull());
        assertThat(db.fetchCount(COMMAND_INBOX, waiting)).isEqualTo(1);
        assertThat(harness.app()
                        .quotes()
                        .service()
                        .find(FakeSlack.TEAM, id)
                        .orElseThrow()
                        .ownerId())
                .isEmpty();

        // Its lease lapses; another instance (here the restarted one) records the owner and updates the post.
        db.execute("update command_inbox set lease_until = now() - interval '1 second'");
        while (harness.app().inbox().poll() > 0) {
            harness.runAfterAck();
        }
        harness.runAfterAck();

        assertThat(harness.app()
                        .quotes()
                        .service()
                        .find(FakeSlack.TEAM, id)
                        .orElseThrow()
                        .ownerId())
                .contains(BOB);
        assertThat(db.fetchCount(COMMAND_INBOX, waiting)).isZero();
        assertThat(FakeSlack.allText(harness.slack().only("chat.update").params()))
                .contains("Owned by <@" + BOB + ">");
    }

    @Test
    void ownDoneTwice_beforeItsUpdateWentOut_leavesThatUpdateToGo() {
        long id = add("Cancelling took a phone call during business hours.", Sentiment.CRITIQUE);
        postNow();
        var bob = new Actor(FakeSlack.TEAM, null, BOB);
        var shown = new QuoteDeliveries.Shown(DAILY, "1.1");
        var service = harness.app().quotes().service();

        // a double click, or a click done again after a crash, before the first one's update was sent
        service.own(bob, id, java.util.Optional.of(shown));
        service.own(bob, id, java.util.Optional.of(shown));

        var owned = service.find(FakeSlack.TEAM, id).orElseThrow();
        assertThat(lodestar.delivery.Outbox.status(
                        TestDatabase.get().database().dsl(), FakeSlack.TEAM, QuoteDeliveries.updateKey(shown, owned)))
                .as("the update 'owned by' still to go, not cancelled by the second")
                .hasValueSatisfying(update -> assertThat(update.pending()).isTrue());
    }

    @Test
    void ownedWithTheCommand_thenTheButtonBySamePerson_stillUpdatesThePost() {
        long id = add("Cancelling took a phone call during business hours.", Sentiment.CRITIQUE);
        postNow();
        harness.app().quotes().service().own(new Actor(FakeSlack.TEAM, null, BOB), id);

        harness.send().blockAction(BOB, "quote_own", String.valueOf(id), DAILY, "1.1");

        var updates = harness.slack().calls("chat.update");
        assertThat(updates).isNotEmpty();
        assertThat(FakeSlack.allText(updates.get(updates.size() - 1).params())).contains("Owned by <@" + BOB + ">");
    }

    @Test
    void anUpdateWaitingOnSlack_isReplacedByANewerOne_neverLandsAfterIt() {
        long id = add("Cancelling took a phone call during business hours.", Sentiment.CRITIQUE);
        postNow();
        harness.slack().failNext("chat.update", 500, java.util.Map.of(), "{}");
        harness.send().blockAction(BOB, "quote_own", String.valueOf(id), DAILY, "1.1"); // "owned" waits

        harness.send().blockAction(BOB, "quote_resolve", String.valueOf(id), DAILY, "1.1");
        var modal = harness.slack().only("views.open").params().path("view");
        var state = JSON.createObjectNode();
        state.putObject("note").putObject("note").put("value", "Cancellation is now self-serve in settings");
        harness.send()
                .viewSubmission(
                        BOB,
                        "quote_resolve_modal",
                        "VR3",
                        modal.path("private_metadata").asText(),
                        state);
        harness.clock().set(harness.clock().instant().plus(java.time.Duration.ofMinutes(5)));
        harness.app().courier().drain();

        var updates = harness.slack().calls("chat.update");
        assertThat(updates)
                .as("the failed 'owned', then 'resolved'; the old one withdrawn")
                .hasSize(2);
        assertThat(FakeSlack.allText(updates.get(1).params())).contains("Resolved by <@" + BOB + ">");
    }

    @Test
    void emptyResolutionNote_isRefusedInTheModal() {
        long id = add("Cancelling took a phone call.", Sentiment.CRITIQUE);
        harness.app().quotes().service().own(new Actor(FakeSlack.TEAM, null, BOB), id);
        var state = JSON.createObjectNode();
        state.putObject("note").putObject("note").put("value", " ");
        String target = "{\"quoteId\":" + id + ",\"channelId\":\"" + DAILY + "\",\"ts\":\"1.1\"}";

        var reply = harness.send().viewSubmission(BOB, "quote_resolve_modal", "VR2", target, state);

        assertThat(reply.json().path("errors").path("note").asText()).contains("in one line");
        assertThat(harness.app()
                        .quotes()
                        .service()
                        .find(FakeSlack.TEAM, id)
                        .orElseThrow()
                        .resolved())
                .isFalse();
    }

    @Test
    void reactionsAndThreadReplies_onQuotePosts_areCounted() {
        add("The new export saved my team a full day.", Sentiment.PRAISE);
        postNow();
        // the ts Slack gave the post, as recorded (the fake's count of timestamps runs on across tests)
        String postTs = TestDatabase.get()
                .database()
                .dsl()
                .select(lodestar.db.schema.Tables.QUOTE_POST.POST_TS)
                .from(lodestar.db.schema.Tables.QUOTE_POST)
                .fetchSingle()
                .value1();

        harness.send().event(reaction(postTs, ALICE));
        harness.send().event(reaction(postTs, ALICE));
        harness.send().event(reply(postTs, "1700000009.000100"));
        harness.send().event(reply(postTs, "1700000009.000100"));
        harness.send().event(reply("42.000", "1700000010.000100"));

        assertThat(harness.app().quotes().service().engagement(FakeSlack.TEAM, DAILY, postTs))
                .isEqualTo(2);
    }

    private ObjectNode reaction(String ts, String user) {
        var event = JSON.createObjectNode()
                .put("type", "reaction_added")
                .put("user", user)
                .put("reaction", "clap")
                .put("event_ts", "1.1");
        event.putObject("item").put("type", "message").put("channel", DAILY).put("ts", ts);
        return event;
    }

    private ObjectNode reply(String threadTs, String ts) {
        return JSON.createObjectNode()
                .put("type", "message")
                .put("channel", DAILY)
                .put("user", BOB)
                .put("text", "So true")
                .put("ts", ts)
                .put("thread_ts", threadTs)
                .put("event_ts", ts)
                .put("channel_type", "channel");
    }
}
