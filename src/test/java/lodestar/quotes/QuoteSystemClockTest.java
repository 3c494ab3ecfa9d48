package lodestar.quotes;

import static lodestar.testing.Users.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The daily quote on the system clock, as in production (times with sub-second parts): the day's post goes out once,
 * for the day it fired on, and a post Slack took whose recording was lost is found in the channel, not repeated.
 */
class QuoteSystemClockTest {
    @RegisterExtension
    static final Harness harness = Harness.systemClock();

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
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                List.of(),
                                Optional.empty()));
    }

    private static long postsInTheChannel() {
        return harness.slack().calls("chat.postMessage").stream()
                .filter(call -> call.text("channel").equals(DAILY))
                .count();
    }

    @Test
    void todaysPost_goesOutOnce_andALostRecordingIsFoundNotRepeated() {
        add("The new export saved my team a full day.", Sentiment.PRAISE);
        add("I had to explain my problem three times.", Sentiment.CRITIQUE);
        harness.send().command("/quote", "schedule <#" + DAILY + "|daily> 00:00 UTC daily", ADMIN);
        var daily = harness.app().quotes().daily();
        var dsl = TestDatabase.get().database().dsl();
        var today = LocalDate.now(ZoneOffset.UTC);

        daily.scheduled(FakeSlack.TEAM, DAILY, Instant.now());
        String ts = (String) dsl.fetchValue(
                "select post_ts from quote_post where channel_id = ? and scheduled_for = ?", DAILY, today);
        assertThat(ts).isNotNull();
        // Slack took it, and the instance died before recording it: back in flight, its lease lapsed.
        dsl.execute("update outbox set state = 'pending', ts = null, in_flight = true, claim_token = null,"
                + " claimed_until = now() - interval '1 second' where kind = 'quote.daily'");
        dsl.execute("update quote_post set post_ts = null where channel_id = ?", DAILY);

        daily.scheduled(FakeSlack.TEAM, DAILY, Instant.now());
        harness.app().courier().drain();

        assertThat(postsInTheChannel()).isEqualTo(1);
        assertThat((String) dsl.fetchValue("select post_ts from quote_post where channel_id = ?", DAILY))
                .isEqualTo(ts);
        assertThat(harness.app().courier().waiting()).isZero();
    }
}
