package lodestar.quotes;

import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import lodestar.testing.FakeSlack;
import lodestar.testing.SlackRequests;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Test;

/**
 * Adding a quote: the {@code /quote add} form and what it refuses, a quote added twice stored once, and the
 * "Save as quote" shortcut, which opens the form with the message before it looks up the link.
 */
class QuoteAddTest extends QuoteFixture {
    @Test
    void quoteAdd_opensTheModal() {
        harness.send().command("/quote", "add", ALICE);

        var view = harness.slack().only("views.open").params().path("view");
        assertThat(view.path("callback_id").asText()).isEqualTo("quote_add_modal");
        assertThat(FakeSlack.allText(view))
                .contains("What did the customer say?", "Praise", "Critique", "Anonymise", "Source", "Date heard");
    }

    @Test
    void badSubmission_showsFieldErrors_andStoresNothing() {
        var state = JSON.createObjectNode();
        state.putObject("text")
                .putObject("text")
                .put("type", "plain_text_input")
                .put("value", "x".repeat(1501));

        var reply = harness.send().viewSubmission(ALICE, "quote_add_modal", "V1", SlackRequests.CHANNEL, state);

        assertThat(reply.json().path("response_action").asText()).isEqualTo("errors");
        assertThat(reply.json().path("errors").path("text").asText()).contains("at most 1,500 characters");
        assertThat(reply.json().path("errors").path("sentiment").asText()).contains("praise or critique");
        assertThat(TestDatabase.get().database().dsl().fetchCount(lodestar.db.schema.Tables.QUOTE))
                .isZero();
    }

    @Test
    void futureDateTooManyTagsAndLongAnonymisedName_showErrorsOnTheirOwnFields_andStoreNothing() {
        var state = JSON.createObjectNode();
        state.putObject("text").putObject("text").put("value", "The new export saved my team a full day.");
        state.putObject("sentiment")
                .putObject("sentiment")
                .putObject("selected_option")
                .put("value", "praise");
        state.putObject("anonymise")
                .putObject("anonymise")
                .putArray("selected_options")
                .addObject()
                .put("value", "yes");
        state.putObject("anonymised_as").putObject("anonymised_as").put("value", "a".repeat(301));
        state.putObject("tags").putObject("tags").put("value", "a,b,c,d,e,f,g,h,i,j,k");
        state.putObject("date").putObject("date").put("selected_date", "2026-12-25");

        var reply = harness.send().viewSubmission(ALICE, "quote_add_modal", "VF", SlackRequests.CHANNEL, state);

        var errors = reply.json().path("errors");
        assertThat(errors.path("date").asText()).contains("can't be in the future");
        assertThat(errors.path("tags").asText()).contains("at most 10 tags");
        assertThat(errors.path("anonymised_as").asText()).contains("At most 300 characters");
        assertThat(errors.has("author")).isFalse();
        assertThat(TestDatabase.get().database().dsl().fetchCount(lodestar.db.schema.Tables.QUOTE))
                .isZero();
    }

    @Test
    void fieldsOfTheirLimitWithAmpersands_areCountedAsTyped() {
        var state = JSON.createObjectNode();
        state.putObject("text").putObject("text").put("value", "Support & billing finally talk to each other.");
        state.putObject("sentiment")
                .putObject("sentiment")
                .putObject("selected_option")
                .put("value", "praise");
        // 300 characters as typed: the modal's own limit
        String source = "https://support.example/ticket?id=1&lang=en&ref=" + "x".repeat(252);
        state.putObject("source").putObject("source").put("value", source);

        var reply = harness.send().viewSubmission(ALICE, "quote_add_modal", "VA", SlackRequests.CHANNEL, state);

        assertThat(reply.json().path("errors").toString()).doesNotContain("At most 300 characters");
        assertThat(harness.app().quotes().service().find(FakeSlack.TEAM, 1)).isPresent();
    }

    @Test
    void goodSubmission_addsTheQuote_anonymised() {
        var state = JSON.createObjectNode();
        state.putObject("text").putObject("text").put("value", "I had to explain my problem three times.");
        state.putObject("sentiment")
                .putObject("sentiment")
                .putObject("selected_option")
                .put("value", "critique");
        state.putObject("author").putObject("author").put("value", "Dana, clinic administrator");
        state.putObject("anonymise")
                .putObject("anonymise")
                .putArray("selected_options")
                .addObject()
                .put("value", "yes");
        state.putObject("anonymised_as").putObject("anonymised_as").put("value", "a clinic administrator");
        state.putObject("tags").putObject("tags").put("value", "support, handoffs");
        state.putObject("date").putObject("date").put("selected_date", "2026-11-20");

        var reply = harness.send().viewSubmission(ALICE, "quote_add_modal", "V2", SlackRequests.CHANNEL, state);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(harness.slack().only("chat.postMessage").text("text")).contains("Added quote #1");
        var quote = harness.app().quotes().service().find(FakeSlack.TEAM, 1).orElseThrow();
        assertThat(quote.sentiment()).isEqualTo(Sentiment.CRITIQUE);
        assertThat(quote.attribution()).contains("a clinic administrator");
        assertThat(quote.tags()).containsExactly("support", "handoffs");
    }

    @Test
    void sameModalSubmittedTwice_secondIsRefusedOnTheTextField() {
        var state = JSON.createObjectNode();
        state.putObject("text").putObject("text").put("value", "Cancelling took a phone call.");
        state.putObject("sentiment")
                .putObject("sentiment")
                .putObject("selected_option")
                .put("value", "critique");

        harness.send().viewSubmission(ALICE, "quote_add_modal", "VD", SlackRequests.CHANNEL, state);
        var again = harness.send().viewSubmission(BOB, "quote_add_modal", "VD2", SlackRequests.CHANNEL, state);

        assertThat(again.json().path("errors").path("text").asText()).contains("already in the library");
        assertThat(TestDatabase.get().database().dsl().fetchCount(lodestar.db.schema.Tables.QUOTE))
                .isEqualTo(1);
    }

    @Test
    void sameQuoteAddedByManyAtOnce_isStoredOnce_andTheOthersAreToldItIsADuplicate() throws Exception {
        var draft = new QuoteDraft(
                "The invoice email looks like phishing.",
                Optional.of(Sentiment.CRITIQUE),
                Optional.of("office manager"),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Optional.empty());
        var service = harness.app().quotes().service();
        service.add(
                new Actor(FakeSlack.TEAM, null, ALICE),
                new QuoteDraft(
                        "warm-up",
                        Optional.of(Sentiment.PRAISE),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        Optional.empty()));
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(6);
        List<QuoteOutcome.Add> outcomes = new ArrayList<>();
        try {
            var runs = new ArrayList<java.util.concurrent.Future<QuoteOutcome.Add>>();
            for (int i = 0; i < 6; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return service.add(new Actor(FakeSlack.TEAM, null, BOB), draft);
                }));
            }
            start.countDown();
            for (var run : runs) {
                outcomes.add(run.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(outcomes).filteredOn(QuoteOutcome.Added.class::isInstance).hasSize(1);
        assertThat(outcomes)
                .filteredOn(QuoteOutcome.Invalid.class::isInstance)
                .hasSize(5)
                .allSatisfy(outcome -> assertThat(((QuoteOutcome.Invalid) outcome).problems())
                        .containsValue("This quote is already in the library."));
        assertThat(service.search(FakeSlack.TEAM, Optional.of(Sentiment.CRITIQUE), List.of()))
                .hasSize(1);
    }

    private void viewsOpenAnswersWithAViewId() {
        harness.slack().answer("views.open", params -> {
            var ok = JSON.createObjectNode().put("ok", true);
            ok.putObject("view").put("id", "V0SAVED");
            return ok;
        });
    }

    private void saveAsQuote() {
        harness.send()
                .messageShortcut(
                        ALICE,
                        "save_quote",
                        "C0SUPPORT",
                        "1700000000.000400",
                        BOB,
                        "Customer says: &lt;the export&gt; saved my team a day");
    }

    @Test
    void saveAsQuoteShortcut_opensTheModalWithTheText_thenAddsTheLink() {
        viewsOpenAnswersWithAViewId();

        saveAsQuote();

        var opened = harness.slack().only("views.open").params().path("view");
        assertThat(opened.findValues("initial_value").stream().map(JsonNode::asText))
                .containsExactly("Customer says: <the export> saved my team a day");
        var update = harness.slack().only("views.update").params();
        assertThat(update.path("view_id").asText()).isEqualTo("V0SAVED");
        assertThat(update.path("view").findValues("initial_value").stream().map(JsonNode::asText))
                .containsExactly(
                        "Customer says: <the export> saved my team a day",
                        "https://acme.slack.com/archives/C0SUPPORT/p1700000000000400");
    }

    @Test
    void saveAsQuoteShortcut_rateLimitedPermalink_doesNotDelayTheModal() {
        viewsOpenAnswersWithAViewId();
        harness.slack().failNext("chat.getPermalink", 429, java.util.Map.of("Retry-After", "5"), "{\"ok\":false}");

        saveAsQuote();

        var methods = harness.slack().calls().stream()
                .map(FakeSlack.Call::method)
                .filter(method -> method.startsWith("views.") || method.equals("chat.getPermalink"))
                .toList();
        assertThat(methods).containsExactly("views.open", "chat.getPermalink", "chat.getPermalink", "views.update");
        assertThat(harness.sleeps()).containsExactly(java.time.Duration.ofSeconds(5));
    }
}
