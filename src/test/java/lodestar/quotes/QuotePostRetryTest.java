package lodestar.quotes;

import static lodestar.testing.Users.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scheduled quote whose post fails for a reason that may pass is posted later, once, with the quote first chosen;
 * a post Slack took whose recording was lost is found in the channel, not posted again.
 */
class QuotePostRetryTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final String DAILY = "C0DAILY";
    /** Past every back-off of a first retry, and past the 30 s Retry-After of the tests' 429s. */
    private static final Duration PAST_BACKOFF = Duration.ofSeconds(31);

    private static void add(String text, Sentiment sentiment) {
        harness.app()
                .quotes()
                .service()
                .add(
                        new Actor(FakeSlack.TEAM, null, ADMIN),
                        new QuoteDraft(
                                text,
                                Optional.of(sentiment),
                                Optional.of("ops lead, Acme"),
                                Optional.empty(),
                                Optional.empty(),
                                List.of(),
                                Optional.empty()));
    }

    private static void addLibrary(int praise, int critique) {
        for (int i = 1; i <= praise; i++) {
            add("The new export saved my team a full day, take " + i + ".", Sentiment.PRAISE);
        }
        for (int i = 1; i <= critique; i++) {
            add("I had to explain my problem " + i + " times.", Sentiment.CRITIQUE);
        }
    }

    private static void scheduleDaily() {
        harness.send().command("/quote", "schedule <#" + DAILY + "|daily> 09:00 Europe/Paris daily", ADMIN);
    }

    /** Every try to post in the channel, by quote number: failed ones too. */
    private static List<Long> tries() {
        return harness.slack().calls("chat.postMessage").stream()
                .filter(call -> call.text("channel").equals(DAILY))
                .map(call -> call.params().findValue("value").asLong())
                .toList();
    }

    /** The channel's posts Slack took, by the day they were for, as recorded. */
    private static List<LocalDate> postedDays() {
        return TestDatabase.get()
                .database()
                .dsl()
                .fetch(
                        "select scheduled_for from quote_post where channel_id = ? and post_ts is not null order by id",
                        DAILY)
                .getValues(0, LocalDate.class);
    }

    private static DailyQuote daily() {
        return harness.app().quotes().daily();
    }

    /** 09:00 in Paris, {@code days} after Monday 23 November 2026. */
    private static Instant nine(int days) {
        return Instant.parse("2026-11-23T08:00:00Z").plus(Duration.ofDays(days));
    }

    private static void failNextPost(int status, String retryAfter, String body) {
        harness.slack()
                .failNext(
                        "chat.postMessage",
                        status,
                        retryAfter.isEmpty() ? Map.of() : Map.of("Retry-After", retryAfter),
                        body);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "500||{}",
                "503||<html>busy</html>",
                "429|30|{\"ok\":false,\"error\":\"ratelimited\"}",
                "200||{\"ok\":false,\"error\":\"internal_error\"}",
                "200||{\"ok\":false,\"error\":\"service_unavailable\"}"
            })
    void aFailedScheduledPost_isTriedAgainLater_withTheSameQuote_andPostedOnce(
            int status, String retryAfter, String body) {
        addLibrary(1, 1);
        scheduleDaily();
        harness.clock().set(nine(0));
        failNextPost(status, retryAfter == null ? "" : retryAfter, body);

        daily().scheduled(FakeSlack.TEAM, DAILY, nine(0));
        assertThat(tries()).as("the one try, failed").hasSize(1);
        // Quartz re-runs the firing, a second instance fires it too, and the outbox is drained before it is due
        daily().scheduled(FakeSlack.TEAM, DAILY, nine(0));
        harness.app().courier().drain();
        assertThat(tries()).as("not due yet, and the day's quote is claimed").hasSize(1);

        harness.clock().set(nine(0).plus(PAST_BACKOFF));
        harness.app().courier().drain();
        daily().scheduled(FakeSlack.TEAM, DAILY, nine(0).plus(Duration.ofMinutes(10)));
        harness.app().courier().drain();

        assertThat(tries()).hasSize(2).containsOnly(tries().get(0));
        assertThat(postedDays()).containsExactly(LocalDate.parse("2026-11-23"));
        assertThat(harness.slack().calls("chat.postMessage"))
                .as("nobody was told of a problem")
                .allSatisfy(call -> assertThat(call.text("channel")).isEqualTo(DAILY));
    }

    @Test
    void aPostAnAdminMadeMeanwhile_doesNotStopTheRetryOfTheDaysQuote() {
        addLibrary(1, 1);
        scheduleDaily();
        harness.clock().set(nine(0));
        harness.slack().failNext("chat.postMessage", 503, Map.of(), "{}");
        daily().scheduled(FakeSlack.TEAM, DAILY, nine(0));
        long dayQuote = tries().get(0);
        harness.clock().set(nine(0).plus(Duration.ofSeconds(2)));
        assertThat(daily().now(FakeSlack.TEAM, DAILY, ADMIN, "trigger-" + UUID.randomUUID()))
                .startsWith("Posted quote #");

        harness.clock().set(nine(0).plus(PAST_BACKOFF));
        harness.app().courier().drain();

        assertThat(tries()).hasSize(3).last().isEqualTo(dayQuote);
        assertThat(tries().get(1)).isNotEqualTo(dayQuote);
    }

    @Test
    void aWeekOfScheduledQuotes_whoseFirstTriesAllFail_isPostedOncePerDay() {
        addLibrary(4, 4);
        scheduleDaily();
        List<Runnable> failures = List.of(
                () -> failNextPost(500, "", "{}"),
                () -> failNextPost(429, "30", "{\"ok\":false,\"error\":\"ratelimited\"}"),
                () -> failNextPost(200, "", "{\"ok\":false,\"error\":\"internal_error\"}"));
        List<Long> firstTries = new ArrayList<>();

        for (int day = 0; day < 7; day++) {
            harness.clock().set(nine(day));
            failures.get(day % failures.size()).run();
            daily().scheduled(FakeSlack.TEAM, DAILY, nine(day));
            firstTries.add(tries().get(tries().size() - 1));
            daily().scheduled(FakeSlack.TEAM, DAILY, nine(day)); // the firing again: a crash, a second instance
            harness.clock().set(nine(day).plus(PAST_BACKOFF));
            harness.app().courier().drain();
            daily().scheduled(FakeSlack.TEAM, DAILY, nine(day).plus(PAST_BACKOFF));
        }
        harness.clock().set(nine(8));
        harness.app().courier().drain();

        var all = tries();
        assertThat(all).as("each day: a failed try, then its quote once").hasSize(14);
        for (int day = 0; day < 7; day++) {
            assertThat(all.get(2 * day + 1)).as("day %d's retry", day).isEqualTo(firstTries.get(day));
        }
        assertThat(firstTries).as("a week of distinct quotes").doesNotHaveDuplicates();
        assertThat(postedDays())
                .containsExactlyElementsOf(LocalDate.parse("2026-11-23")
                        .datesUntil(LocalDate.parse("2026-11-30"))
                        .toList());
        assertThat(harness.app().courier().waiting()).isZero();
    }

    /** Fault injection: a third of Slack's answers fail (429, 500, 503) all week, retries included. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void aWeekOfScheduledQuotes_withAThirdOfSlackFailing_isPostedOncePerDay(long seed) {
        addLibrary(4, 4);
        scheduleDaily();
        harness.slack().failRandomly(0.33, seed, "chat.postMessage", "users.info", "conversations.open");

        for (int day = 0; day < 7; day++) {
            harness.clock().set(nine(day));
            daily().scheduled(FakeSlack.TEAM, DAILY, nine(day));
            for (int minutes = 5; minutes <= 60; minutes += 5) { // an hour of retries, Slack still failing
                harness.clock().set(nine(day).plus(Duration.ofMinutes(minutes)));
                harness.app().courier().drain();
            }
        }
        harness.slack().stopFailing();
        harness.clock().set(nine(6).plus(Duration.ofHours(2)));
        harness.app().courier().drain();

        assertThat(harness.slack().faultsInjected()).isPositive();
        var posted = harness.slack().history(DAILY);
        assertThat(posted).as("one post a day").hasSize(7);
        assertThat(posted.stream().map(post -> post.path("metadata").toString()))
                .as("each from its own outbox row")
                .doesNotHaveDuplicates();
        assertThat(postedDays())
                .containsExactlyElementsOf(LocalDate.parse("2026-11-23")
                        .datesUntil(LocalDate.parse("2026-11-30"))
                        .toList());
        assertThat(harness.app().courier().waiting()).isZero();
    }

    @Test
    void aPostSlackTookWhoseRecordingWasLost_isNotPostedAgainByTheNextRuns() {
        addLibrary(2, 2);
        scheduleDaily();
        harness.clock().set(nine(0));
        daily().scheduled(FakeSlack.TEAM, DAILY, nine(0));
        var dsl = TestDatabase.get().database().dsl();
        String ts = (String) dsl.fetchValue("select post_ts from quote_post where channel_id = ?", DAILY);
        // The instance died after Slack took the post and before its outcome was recorded: the outbox row is back
        // in flight with its claim lapsed, and the post has no ts (both are written in one transaction).
        dsl.execute("update outbox set state = 'pending', ts = null, in_flight = true, claim_token = null"
                + " where dedupe_key = 'quote:" + DAILY + ":2026-11-23'");
        dsl.execute("update quote_post set post_ts = null where channel_id = ?", DAILY);

        harness.clock().set(nine(0).plus(Duration.ofMinutes(3))); // its lease has lapsed
        daily().scheduled(FakeSlack.TEAM, DAILY, nine(0)); // Quartz recovers the firing
        harness.app().courier().drain(); // the outbox's senders
        harness.clock().set(nine(1));
        daily().scheduled(FakeSlack.TEAM, DAILY, nine(1));

        assertThat(tries()).as("Monday's quote once, then Tuesday's").hasSize(2).doesNotHaveDuplicates();
        assertThat(harness.slack().calls("conversations.history")).hasSize(1);
        assertThat((String) dsl.fetchValue("select post_ts from quote_post where scheduled_for = '2026-11-23'"))
                .as("the post found in the channel is recorded, so its reactions count")
                .isEqualTo(ts);
        assertThat(postedDays()).containsExactly(LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-24"));
    }
}
