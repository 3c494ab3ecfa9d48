package lodestar.quotes;

import static lodestar.testing.Users.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A scheduled quote whose post fails for a reason that may pass is posted later that day, once. */
class QuotePostRetryTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final String DAILY = "C0DAILY";

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

    /** Every try to post in the channel, by quote number: failed ones too. */
    private static List<Long> tries() {
        return harness.slack().calls("chat.postMessage").stream()
                .filter(call -> call.text("channel").equals(DAILY))
                .map(call -> call.params().findValue("value").asLong())
                .toList();
    }

    private static DailyQuote daily() {
        return harness.app().quotes().daily();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"500|{}", "503|<html>busy</html>", "200|{\"ok\":false,\"error\":\"service_unavailable\"}"})
    void aFailedScheduledPost_isTriedAgainLater_andPostedOnce(int status, String body) {
        add("The new export saved my team a full day.", Sentiment.PRAISE);
        add("I had to explain my problem three times.", Sentiment.CRITIQUE);
        harness.send().command("/quote", "schedule <#" + DAILY + "|daily> 09:00 Europe/Paris daily", ADMIN);
        var nine = Instant.parse("2026-11-23T08:00:00Z");
        harness.clock().set(nine);
        harness.slack().failNext("chat.postMessage", status, Map.of(), body);

        daily().scheduled(FakeSlack.TEAM, DAILY, nine);

        assertThat(tries()).as("the one try, failed").hasSize(1);
        var retry = harness.app().scheduler().nextFireTime(QuoteService.retryKey(FakeSlack.TEAM, DAILY, nine));
        assertThat(retry).hasValueSatisfying(at -> assertThat(at).isEqualTo(nine.plus(QuoteService.RETRY_AFTER)));

        harness.clock().set(retry.get());
        daily().retry(FakeSlack.TEAM, DAILY, LocalDate.of(2026, 11, 23));
        daily().retry(FakeSlack.TEAM, DAILY, LocalDate.of(2026, 11, 23));
        daily().scheduled(FakeSlack.TEAM, DAILY, retry.get().plus(Duration.ofMinutes(10)));

        // the claimed quote, tried again once: the day's quote, late but once
        assertThat(tries()).hasSize(2).containsOnly(tries().get(0));
        assertThat(harness.slack().calls("chat.postMessage"))
                .as("nobody was told of a problem")
                .allSatisfy(call -> assertThat(call.text("channel")).isEqualTo(DAILY));
    }

    @org.junit.jupiter.api.Test
    void aPostAnAdminMadeMeanwhile_doesNotStopTheRetryOfTheDaysQuote() {
        add("The new export saved my team a full day.", Sentiment.PRAISE);
        add("I had to explain my problem three times.", Sentiment.CRITIQUE);
        harness.send().command("/quote", "schedule <#" + DAILY + "|daily> 09:00 Europe/Paris daily", ADMIN);
        var nine = Instant.parse("2026-11-23T08:00:00Z");
        harness.clock().set(nine);
        harness.slack().failNext("chat.postMessage", 503, Map.of(), "{}");
        daily().scheduled(FakeSlack.TEAM, DAILY, nine);
        long dayQuote = tries().get(0);
        harness.clock().set(nine.plus(Duration.ofMinutes(2)));
        daily().now(FakeSlack.TEAM, DAILY);

        harness.clock().set(nine.plus(QuoteService.RETRY_AFTER));
        daily().retry(FakeSlack.TEAM, DAILY, LocalDate.of(2026, 11, 23));

        assertThat(tries()).hasSize(3).last().isEqualTo(dayQuote);
    }
}
