package lodestar.quotes;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class QuotesTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DAILY = "C0DAILY";

    static String quote(String text, String userId) {
        harness.send().command("/quote", text, userId);
        var calls = harness.slack().calls("response_url");
        return calls.isEmpty()
                ? ""
                : FakeSlack.allText(calls.get(calls.size() - 1).params());
    }

    static long add(String text, Sentiment sentiment) {
        var outcome = harness.app()
                .quotes()
                .service()
                .add(
                        new Actor(FakeSlack.TEAM, null, ALICE),
                        new QuoteDraft(
                                text,
                                Optional.of(sentiment),
                                Optional.of("ops lead, Acme"),
                                Optional.empty(),
                                Optional.empty(),
                                List.of(),
                                Optional.empty()));
        return ((QuoteOutcome.Added) outcome).quote().id();
    }

    /** The quotes posted to the channel, in order, by number. */
    static List<Long> posted(String channel) {
        List<Long> ids = new ArrayList<>();
        for (var call : harness.slack().calls("chat.postMessage")) {
            if (call.text("channel").equals(channel)) {
                ids.add(call.params().findValue("value").asLong());
            }
        }
        return ids;
    }

    static DailyQuote daily() {
        return harness.app().quotes().daily();
    }

    @Nested
    class Library {
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

            assertThat(outcomes)
                    .filteredOn(QuoteOutcome.Added.class::isInstance)
                    .hasSize(1);
            assertThat(outcomes)
                    .filteredOn(QuoteOutcome.Invalid.class::isInstance)
                    .hasSize(5)
                    .allSatisfy(outcome -> assertThat(((QuoteOutcome.Invalid) outcome).problems())
                            .containsValue("This quote is already in the library."));
            assertThat(service.search(FakeSlack.TEAM, Optional.of(Sentiment.CRITIQUE), List.of()))
                    .hasSize(1);
        }

        @Test
        void anAnonymisedQuote_isFoundByWhatItShows_neverByTheAuthorItHides() {
            var service = harness.app().quotes().service();
            service.add(
                    new Actor(FakeSlack.TEAM, null, ALICE),
                    new QuoteDraft(
                            "Support answered within minutes.",
                            Optional.of(Sentiment.PRAISE),
                            Optional.of("Jane Doe, CFO of Acme"),
                            Optional.of("a CFO in retail"),
                            Optional.empty(),
                            List.of(),
                            Optional.empty()));

            assertThat(service.search(FakeSlack.TEAM, Optional.empty(), List.of("Jane")))
                    .isEmpty();
            assertThat(service.search(FakeSlack.TEAM, Optional.empty(), List.of("retail")))
                    .extracting(Quote::text)
                    .containsExactly("Support answered within minutes.");
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

        @Test
        void listShowsNumbers_filtersBySentimentAndWords() {
            add("The new export saved my team a full day.", Sentiment.PRAISE);
            add("Cancelling took a phone call. Why?", Sentiment.CRITIQUE);

            assertThat(harness.send().command("/quote", "list", ALICE).text()).contains("#1", "#2");
            assertThat(harness.send().command("/quote", "list critique", ALICE).text())
                    .contains("#2", "Cancelling")
                    .doesNotContain("export");
            assertThat(harness.send().command("/quote", "list EXPORT", ALICE).text())
                    .contains("#1")
                    .doesNotContain("#2");
        }

        @Test
        void removeIsForTheAuthorOrAnAdmin_andArchivedQuotesAreNeverPosted() {
            long id = add("The new export saved my team a full day.", Sentiment.PRAISE);

            assertThat(quote("remove " + id, BOB)).contains("Only the person who added quote #1 or an admin");
            assertThat(quote("remove " + id, ALICE)).contains("archived");
            harness.slack().reset();

            assertThat(quote("post <#" + DAILY + "|daily>", ADMIN)).contains("library is empty");
            assertThat(posted(DAILY)).isEmpty();
        }

        @Test
        void unknownSubcommand_isExplained() {
            assertThat(harness.send().command("/quote", "shout", ALICE).text()).contains("/quote help");
        }
    }

    @Nested
    class Schedules {
        @Test
        void memberCannotSchedule() {
            assertThat(quote("schedule <#" + DAILY + "|daily> 09:00", ALICE)).contains("Only workspace admins");
            assertThat(harness.app().quotes().service().schedules(FakeSlack.TEAM))
                    .isEmpty();
        }

        @Test
        void memberCannotPostNow_norRemoveASchedule() {
            add("The new export saved my team a full day.", Sentiment.PRAISE);
            quote("schedule <#" + DAILY + "|daily> 09:00", ADMIN);
            harness.slack().reset();

            assertThat(quote("post <#" + DAILY + "|daily>", ALICE)).contains("Only workspace admins");
            assertThat(quote("schedule remove <#" + DAILY + "|daily>", ALICE)).contains("Only workspace admins");

            assertThat(posted(DAILY)).isEmpty();
            assertThat(harness.app().quotes().service().schedule(FakeSlack.TEAM, DAILY))
                    .isPresent();
            assertThat(harness.app().quotes().service().nextPost(FakeSlack.TEAM, DAILY))
                    .isPresent();
        }

        @Test
        void adminSchedules_inTheirOwnTimeZoneByDefault_andListShowsTheNextPost() {
            assertThat(quote("schedule <#" + DAILY + "|daily> 09:00", ADMIN))
                    .contains(
                            "<#" + DAILY + "> at 09:00 Europe/London, weekdays",
                            "; the first on ",
                            "at 09:00 Europe/London.");

            assertThat(harness.send().command("/quote", "schedule list", ALICE).text())
                    .contains("<#" + DAILY + "> at 09:00 Europe/London, weekdays — next");
            harness.slack().reset();
            assertThat(quote("schedule remove <#" + DAILY + "|daily>", ADMIN)).contains("No more daily quotes");
            assertThat(harness.app().quotes().service().nextPost(FakeSlack.TEAM, DAILY))
                    .isEmpty();
        }

        @Test
        void badTimesZonesAndDays_areExplained() {
            assertThat(harness.send()
                            .command("/quote", "schedule <#C1> 9am", ADMIN)
                            .text())
                    .contains("24-hour HH:MM");
            assertThat(harness.send()
                            .command("/quote", "schedule <#C1> 09:00 Mars/Base", ADMIN)
                            .text())
                    .contains("not a time zone");
            assertThat(harness.send()
                            .command("/quote", "schedule <#C1> 09:00 funday", ADMIN)
                            .text())
                    .contains("not a set of days");
        }

        @Test
        void utcIsAZone_andAbbreviationsGetAZoneMessage() {
            assertThat(quote("schedule <#C0UTC|utc> 09:00 UTC daily", ADMIN)).contains("<#C0UTC> at 09:00 UTC");
            assertThat(harness.send()
                            .command("/quote", "schedule <#C0EST> 09:00 EST", ADMIN)
                            .text())
                    .contains("`EST` is neither a time zone I know nor a set of days", "America/New_York");
            assertThat(harness.app().quotes().service().schedules(FakeSlack.TEAM))
                    .extracting(Schedule::channelId)
                    .containsExactly("C0UTC");
        }

        @Test
        void ownTimeZoneLookupFails_isExplained_andNothingIsScheduled() {
            assertThat(quote("schedule <#" + DAILY + "|daily> 09:00", "U0NOBODY"))
                    .contains("couldn't look up your time zone", "nothing was scheduled", "Europe/Paris");
            assertThat(harness.app().quotes().service().schedules(FakeSlack.TEAM))
                    .isEmpty();
        }

        @Test
        void nineOClockInNewYork_staysNineAcrossTheDaylightSavingChange() throws Exception {
            quote("schedule <#" + DAILY + "|daily> 09:00 America/New_York weekdays", ADMIN);
            // The trigger as Quartz stored it, not one built again from the schedule.
            var stored = TestDatabase.get()
                    .database()
                    .dsl()
                    .fetchSingle(
                            "select cron_expression, time_zone_id from qrtz_cron_triggers where trigger_name = ?",
                            QuoteService.key(FakeSlack.TEAM, DAILY).getName());
            assertThat(stored.get(1, String.class)).isEqualTo("America/New_York");
            var cron = new org.quartz.CronExpression(stored.get(0, String.class));
            cron.setTimeZone(java.util.TimeZone.getTimeZone(stored.get(1, String.class)));

            var fireTimes = new ArrayList<Instant>();
            var after = java.util.Date.from(Instant.parse("2026-10-29T00:00:00Z"));
            for (int i = 0; i < 4; i++) {
                after = cron.getTimeAfter(after);
                fireTimes.add(after.toInstant());
            }

            assertThat(fireTimes)
                    .containsExactly(
                            Instant.parse("2026-10-29T13:00:00Z"), // Thu, EDT
                            Instant.parse("2026-10-30T13:00:00Z"), // Fri, EDT
                            Instant.parse("2026-11-02T14:00:00Z"), // Mon, EST after the change on Sun 1 Nov
                            Instant.parse("2026-11-03T14:00:00Z"));
        }
    }

    @Nested
    class Posting {
        @Test
        void postsAlternatePraiseAndCritique_andNeverRepeatWithinARotation() {
            long p1 = add("The new export saved my team a full day.", Sentiment.PRAISE);
            long p2 = add("You told us about the outage before we noticed.", Sentiment.PRAISE);
            long c1 = add("I had to explain my problem three times.", Sentiment.CRITIQUE);

            for (int i = 0; i < 6; i++) {
                daily().now(FakeSlack.TEAM, DAILY, ADMIN);
            }

            assertThat(posted(DAILY)).containsExactly(p1, c1, p2, c1, p1, p2);
        }

        @Test
        void scheduledTwiceForTheSameDay_postsOnce_evenConcurrently() throws Exception {
            add("The new export saved my team a full day.", Sentiment.PRAISE);
            add("I had to explain my problem three times.", Sentiment.CRITIQUE);
            quote("schedule <#" + DAILY + "|daily> 09:00 Europe/Paris daily", ADMIN);
            var nine = Instant.parse("2026-11-23T08:00:00Z");

            var pool = Executors.newFixedThreadPool(4);
            try {
                var runs = new ArrayList<java.util.concurrent.Future<?>>();
                for (int i = 0; i < 4; i++) {
                    runs.add(pool.submit(() -> daily().scheduled(FakeSlack.TEAM, DAILY, nine)));
                }
                for (var run : runs) {
                    run.get();
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(posted(DAILY)).hasSize(1);
        }

        @Test
        void fridayPostMissedDuringDowntime_isSentLateOnceOnSaturday_andMondayStillGetsItsPost() {
            add("The new export saved my team a full day.", Sentiment.PRAISE);
            add("I had to explain my problem three times.", Sentiment.CRITIQUE);
            quote("schedule <#" + DAILY + "|daily> 09:00 Europe/Paris weekdays", ADMIN);
            // After a misfire Quartz reports the restart time as the fire time.
            var saturdayRestart = Instant.parse("2026-11-28T10:00:00Z");

            daily().scheduled(FakeSlack.TEAM, DAILY, saturdayRestart);
            daily().scheduled(FakeSlack.TEAM, DAILY, saturdayRestart.plusSeconds(60));
            assertThat(posted(DAILY)).hasSize(1);
            daily().scheduled(FakeSlack.TEAM, DAILY, Instant.parse("2026-11-30T08:00:00Z"));

            assertThat(posted(DAILY)).hasSize(2);
        }

        @Test
        void quoteWithBroadcastAndDisguisedLink_isPostedAndUpdatedWithNeitherLive() {
            String hostile = "Tell everyone <!channel> and <http://evil.example|click here>";
            var state = JSON.createObjectNode();
            state.putObject("text").putObject("text").put("value", hostile);
            state.putObject("sentiment")
                    .putObject("sentiment")
                    .putObject("selected_option")
                    .put("value", "critique");
            harness.send().viewSubmission(ALICE, "quote_add_modal", "V3", SlackRequests.CHANNEL, state);
            long stored = harness.app()
                    .quotes()
                    .service()
                    .search(FakeSlack.TEAM, Optional.empty(), List.of())
                    .get(0)
                    .id();
            harness.slack().reset();

            daily().now(FakeSlack.TEAM, DAILY, ADMIN);
            harness.send().blockAction(BOB, "quote_own", String.valueOf(stored), DAILY, "1.1");

            var post = harness.slack().only("chat.postMessage").params();
            var update = harness.slack().only("chat.update").params();
            for (var message : List.of(post, update)) {
                assertThat(message.path("text").asText()).startsWith("Customer critique: Tell everyone");
                assertThat(FakeSlack.allText(message))
                        .doesNotContain("<!channel>", "<http://evil.example", "|click here>");
            }
        }

        @Test
        void storedMrkdwnWithBroadcastAndLink_isNeutralisedInTheNotificationText() {
            add("Tell everyone <!channel> and <http://evil.example|click here>", Sentiment.PRAISE);

            daily().now(FakeSlack.TEAM, DAILY, ADMIN);

            var post = harness.slack().only("chat.postMessage").params();
            assertThat(FakeSlack.allText(post))
                    .contains("Tell everyone")
                    .doesNotContain("<!channel>", "<http://evil.example", "|click here>");
        }

        @Test
        void stoppedBetweenClaimAndPost_theClaimedQuoteGoesOutOnce_andLaterFiringsDoNotRepeatIt() {
            long p1 = add("The new export saved my team a full day.", Sentiment.PRAISE);
            long c1 = add("I had to explain my problem three times.", Sentiment.CRITIQUE);
            quote("schedule <#" + DAILY + "|daily> 09:00 Europe/Paris daily", ADMIN);
            var monday = Instant.parse("2026-11-23T08:00:00Z");
            // The process claims Monday's quote (its post written with the claim), then stops before delivering it.
            harness.app()
                    .quotes()
                    .service()
                    .claimNext(FakeSlack.TEAM, DAILY, Optional.of(java.time.LocalDate.parse("2026-11-23")));
            harness.slack().reset();

            harness.clock().advance(java.time.Duration.ofMinutes(1));
            daily().scheduled(FakeSlack.TEAM, DAILY, monday);
            daily().scheduled(FakeSlack.TEAM, DAILY, monday);
            assertThat(posted(DAILY)).as("the firings find Monday claimed").isEmpty();
            // what the outbox's background senders do
            harness.app().courier().drain();
            daily().scheduled(FakeSlack.TEAM, DAILY, monday);
            assertThat(posted(DAILY)).containsExactly(p1);

            harness.clock().set(Instant.parse("2026-11-24T08:00:00Z"));
            daily().scheduled(FakeSlack.TEAM, DAILY, Instant.parse("2026-11-24T08:00:00Z"));
            assertThat(posted(DAILY)).containsExactly(p1, c1);
        }

        @Test
        void archivedWhileItsPostWaits_isNotPosted() {
            long p1 = add("The new export saved my team a full day.", Sentiment.PRAISE);
            quote("schedule <#" + DAILY + "|daily> 09:00 Europe/Paris daily", ADMIN);
            harness.slack().failNext("chat.postMessage", 429, java.util.Map.of("Retry-After", "60"), "{}");
            daily().scheduled(FakeSlack.TEAM, DAILY, Instant.parse("2026-11-23T08:00:00Z"));

            assertThat(quote("remove " + p1, ALICE)).contains("archived");
            harness.clock().advance(java.time.Duration.ofMinutes(5));
            harness.app().courier().drain();

            assertThat(posted(DAILY)).as("only the try that was rate limited").hasSize(1);
            assertThat(harness.app().courier().waiting()).isZero();
        }

        @Test
        void emptyLibrary_tellsTheOwnerOnce_notEveryDay() {
            quote("schedule <#" + DAILY + "|daily> 09:00 Europe/Paris daily", ADMIN);
            harness.slack().reset();

            daily().scheduled(FakeSlack.TEAM, DAILY, Instant.parse("2026-11-23T08:00:00Z"));
            daily().scheduled(FakeSlack.TEAM, DAILY, Instant.parse("2026-11-24T08:00:00Z"));

            var dms = harness.slack().calls("chat.postMessage");
            assertThat(dms).singleElement().satisfies(dm -> {
                assertThat(dm.text("channel")).isEqualTo(ADMIN);
                assertThat(dm.text("text")).contains("library is empty", "/quote add");
            });
        }

        @Test
        void botNotInTheChannel_tellsTheOwnerOnce_andTheQuoteStaysInTheRotation() {
            long p1 = add("The new export saved my team a full day.", Sentiment.PRAISE);
            quote("schedule <#" + DAILY + "|daily> 09:00 Europe/Paris daily", ADMIN);
            harness.slack()
                    .answer(
                            "chat.postMessage",
                            params -> params.path("channel").asText().equals(DAILY)
                                    ? JSON.createObjectNode().put("ok", false).put("error", "not_in_channel")
                                    : JSON.createObjectNode().put("ok", true).put("ts", "5.5"));

            daily().scheduled(FakeSlack.TEAM, DAILY, Instant.parse("2026-11-23T08:00:00Z"));
            daily().scheduled(FakeSlack.TEAM, DAILY, Instant.parse("2026-11-24T08:00:00Z"));

            var toOwner = harness.slack().calls("chat.postMessage").stream()
                    .filter(call -> call.text("channel").equals(ADMIN))
                    .toList();
            assertThat(toOwner)
                    .singleElement()
                    .satisfies(dm -> assertThat(dm.text("text")).contains("/invite @Lodestar"));
            harness.slack().reset();
            daily().scheduled(FakeSlack.TEAM, DAILY, Instant.parse("2026-11-25T08:00:00Z"));
            assertThat(posted(DAILY)).containsExactly(p1);
        }
    }

    @Nested
    class ClosingTheLoop {
        private JsonNode postedMessage() {
            return harness.slack().calls("chat.postMessage").get(0).params();
        }

        @Test
        void praise_whoMadeThisHappen_opensTheKudosFormWithTheQuote_andTheKudosShowsIt() {
            long id = add("The new export saved my team a full day.", Sentiment.PRAISE);
            daily().now(FakeSlack.TEAM, DAILY, ADMIN);
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
                            BOB,
                            "kudos_modal",
                            "VK",
                            view.path("private_metadata").asText(),
                            state);

            var kudos = harness.app()
                    .recognition()
                    .service()
                    .find(FakeSlack.TEAM, 1)
                    .orElseThrow();
            assertThat(kudos.quote())
                    .hasValueSatisfying(quote -> assertThat(quote.id()).isEqualTo(id));
            assertThat(FakeSlack.allText(
                            harness.slack().calls("chat.postMessage").get(0).params()))
                    .contains("In answer to the customer", "saved my team a full day");
        }

        @Test
        void critique_ownedByTheFirstClick_thenResolvedByTheOwner() {
            long id = add("Cancelling took a phone call during business hours.", Sentiment.CRITIQUE);
            daily().now(FakeSlack.TEAM, DAILY, ADMIN);
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
            var quote =
                    harness.app().quotes().service().find(FakeSlack.TEAM, id).orElseThrow();
            assertThat(quote.resolved()).isTrue();
        }

        @Test
        void anUpdateWaitingOnSlack_isReplacedByANewerOne_neverLandsAfterIt() {
            long id = add("Cancelling took a phone call during business hours.", Sentiment.CRITIQUE);
            daily().now(FakeSlack.TEAM, DAILY, ADMIN);
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
            daily().now(FakeSlack.TEAM, DAILY, ADMIN);
            String ts = harness.slack()
                    .calls("chat.postMessage")
                    .get(0)
                    .params()
                    .path("ts")
                    .asText(null);
            String postTs = ts != null ? ts : "1700000001.000100";

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
}
