package lodestar.quotes;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import lodestar.testing.FakeSlack;
import lodestar.testing.SlackRequests;
import org.junit.jupiter.api.Test;

/**
 * Posting the daily quote: praise and critique in turn without repeats, once a day however often it fires,
 * with no live mention or link, and the schedule's owner told once when it cannot be posted.
 */
class QuotePostingTest extends QuoteFixture {
    @Test
    void postsAlternatePraiseAndCritique_andNeverRepeatWithinARotation() {
        long p1 = add("The new export saved my team a full day.", Sentiment.PRAISE);
        long p2 = add("You told us about the outage before we noticed.", Sentiment.PRAISE);
        long c1 = add("I had to explain my problem three times.", Sentiment.CRITIQUE);

        for (int i = 0; i < 6; i++) {
            postNow();
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

        postNow();
        harness.send().blockAction(BOB, "quote_own", String.valueOf(stored), DAILY, "1.1");

        var post = harness.slack().only("chat.postMessage").params();
        var update = harness.slack().only("chat.update").params();
        for (var message : List.of(post, update)) {
            assertThat(message.path("text").asText()).startsWith("Customer critique: Tell everyone");
            assertThat(FakeSlack.allText(message)).doesNotContain("<!channel>", "<http://evil.example", "|click here>");
        }
    }

    @Test
    void storedMrkdwnWithBroadcastAndLink_isNeutralisedInTheNotificationText() {
        add("Tell everyone <!channel> and <http://evil.example|click here>", Sentiment.PRAISE);

        postNow();

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
        slackRefusesPostsIn(DAILY, "not_in_channel");

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
