package lodestar.quotes;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.OWNER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A quote post Slack refuses for good gives its claim back (the quote stays in the rotation) and is told to the
 * person concerned, once: the schedule's owner for a scheduled post, the admin who asked for a post now.
 */
class QuoteRefusalTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DAILY = "C0DAILY";

    private static long add(String text, Sentiment sentiment) {
        var outcome = harness.app()
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
        return ((QuoteOutcome.Added) outcome).quote().id();
    }

    /** Slack refuses every post in the channel with {@code error}, and takes the others (the DMs). */
    private static void refusePostsInTheChannel(String error) {
        harness.slack()
                .answer(
                        "chat.postMessage",
                        params -> params.path("channel").asText().equals(DAILY)
                                ? JSON.createObjectNode().put("ok", false).put("error", error)
                                : JSON.createObjectNode().put("ok", true).put("ts", "5.5"));
    }

    private static List<String> dmsTo(String userId) {
        return harness.slack().calls("chat.postMessage").stream()
                .filter(call -> call.text("channel").equals(userId))
                .map(call -> call.text("text"))
                .toList();
    }

    private static List<Long> posted() {
        return harness.slack().calls("chat.postMessage").stream()
                .filter(call -> call.text("channel").equals(DAILY))
                .map(call -> call.params().findValue("value").asLong())
                .toList();
    }

    private static String postNow() {
        harness.send().command("/quote", "post <#" + DAILY + "|daily>", ADMIN);
        var answers = harness.slack().calls("response_url");
        return FakeSlack.allText(answers.get(answers.size() - 1).params());
    }

    private static void scheduled(Instant at) {
        harness.clock().set(at);
        harness.app().quotes().daily().scheduled(FakeSlack.TEAM, DAILY, at);
        harness.app().courier().drain();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not_in_channel|Invite me there with `/invite @Lodestar`",
                "channel_not_found|Invite me there with `/invite @Lodestar`",
                "is_archived|The channel is archived",
                "missing_scope|Slack said `missing_scope`"
            })
    void aScheduledPostSlackRefuses_isToldToTheSchedulesOwnerOnce_andItsQuoteStaysInTheRotation(
            String error, String told) {
        long quote = add("The new export saved my team a full day.", Sentiment.PRAISE);
        harness.send().command("/quote", "schedule <#" + DAILY + "|daily> 09:00 Europe/Paris daily", OWNER);
        refusePostsInTheChannel(error);

        scheduled(Instant.parse("2026-11-23T08:00:00Z"));
        scheduled(Instant.parse("2026-11-24T08:00:00Z"));

        assertThat(dmsTo(OWNER))
                .singleElement()
                .satisfies(dm ->
                        assertThat(dm).contains("couldn't post today's customer quote in <#" + DAILY + ">", told));
        assertThat(dmsTo(ADMIN)).isEmpty();
        harness.slack().reset();
        scheduled(Instant.parse("2026-11-25T08:00:00Z"));
        assertThat(posted()).containsExactly(quote);
    }

    @Test
    void aPostNowSlackRefuses_isToldInTheAnswer_notAgainByDm() {
        long quote = add("The new export saved my team a full day.", Sentiment.PRAISE);
        refusePostsInTheChannel("not_in_channel");

        assertThat(postNow()).contains("couldn't post", "Invite me there with `/invite @Lodestar`");
        harness.app().courier().drain();

        assertThat(dmsTo(ADMIN)).isEmpty();
        harness.slack().reset();
        assertThat(postNow()).isEqualTo("Posted quote #" + quote + " in <#" + DAILY + ">.");
    }

    @Test
    void aPostNowRefusedOnALaterTry_isToldToTheAdminWhoAskedByDm() {
        long quote = add("The new export saved my team a full day.", Sentiment.PRAISE);
        harness.send().command("/quote", "schedule <#" + DAILY + "|daily> 09:00 Europe/Paris daily", OWNER);
        harness.slack().failNext("chat.postMessage", 500, Map.of(), "{}");

        assertThat(postNow())
                .contains("Slack didn't take quote #" + quote + " for <#" + DAILY + "> yet", "I'll keep trying");
        refusePostsInTheChannel("channel_not_found");
        harness.clock().advance(Duration.ofSeconds(6));
        harness.app().courier().drain();

        assertThat(dmsTo(ADMIN)).singleElement().satisfies(dm -> assertThat(dm).contains("Invite me there"));
        assertThat(dmsTo(OWNER)).isEmpty();
        assertThat(harness.app().courier().waiting()).isZero();
    }
}
