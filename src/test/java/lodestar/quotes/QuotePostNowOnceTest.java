package lodestar.quotes;

import static lodestar.db.schema.Tables.QUOTE_POST;
import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import lodestar.testing.FakeSlack;
import lodestar.testing.SlackRequests;
import lodestar.testing.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/**
 * {@code /quote post #channel} posts once per command: the inbox may do a command's work again (its done mark lost in
 * a crash, the database gone after the work committed, an instance dead after the work), and Slack may send the
 * command again; neither claims a second quote nor posts twice, and the admin is answered as the first time.
 */
class QuotePostNowOnceTest extends QuoteFixture {
    private static final String POST_NOW = "post <#" + DAILY + "|daily>";

    private static DSLContext db() {
        return TestDatabase.get().database().dsl();
    }

    /** A command recorded in the inbox: its row, and its payload as Slack sent it. */
    private record Recorded(long id, String payload) {}

    /** {@code /quote post} by the admin, done once by a worker; returns it as recorded, to do it again. */
    private static Recorded postNowOnce() {
        harness.holdAfterAck();
        harness.send().command("/quote", POST_NOW, ADMIN);
        var row = db().fetchSingle("select id, payload from command_inbox where command = '/quote'");
        var recorded = new Recorded(row.get(0, Long.class), row.get(1, String.class));
        assertThat(harness.runAfterAck()).isPositive();
        assertThat(db().fetchValue("select done_at is not null from command_inbox where id = ?", recorded.id()))
                .isEqualTo(true);
        return recorded;
    }

    /** The command done again, as when its done mark was lost: not done, its lease lapsed, claimed by a worker. */
    private static void doneAgain(Recorded recorded) {
        db().execute(
                        "update command_inbox set done_at = null, payload = ?, claimed_by = null,"
                                + " lease_until = now() - interval '1 second' where id = ?",
                        recorded.payload(),
                        recorded.id());
        assertThat(harness.app().inbox().poll()).isEqualTo(1);
        harness.runAfterAck();
    }

    private static List<String> answers() {
        return harness.slack().calls("response_url").stream()
                .map(call -> FakeSlack.allText(call.params()))
                .toList();
    }

    @Test
    void postNowDoneAgain_postsOnce_claimsOneQuote_andAnswersAsTheFirstTime() {
        long p1 = add("The new export saved my team a full day.", Sentiment.PRAISE);
        add("I had to explain my problem three times.", Sentiment.CRITIQUE);

        var recorded = postNowOnce();
        doneAgain(recorded);

        assertThat(posted(DAILY)).containsExactly(p1);
        assertThat(db().fetchCount(QUOTE_POST)).isEqualTo(1);
        assertThat(answers())
                .hasSize(2)
                .allSatisfy(answer -> assertThat(answer).isEqualTo("Posted quote #" + p1 + " in <#" + DAILY + ">."));
        assertThat(db().fetchCount(QUOTE_POST, QUOTE_POST.POST_TS.isNull())).isZero();
    }

    @Test
    void postNowRefusedThenDoneAgain_claimsNoOtherQuote_andTellsTheRefusalAgain() {
        add("The new export saved my team a full day.", Sentiment.PRAISE);
        add("I had to explain my problem three times.", Sentiment.CRITIQUE);
        slackRefusesPostsIn(DAILY, "not_in_channel");

        var recorded = postNowOnce();
        int tries = posted(DAILY).size();
        doneAgain(recorded);
        harness.app().courier().drain();

        assertThat(posted(DAILY)).as("no other try").hasSize(tries);
        assertThat(db().fetchCount(QUOTE_POST))
                .as("the refused claim given back, none other")
                .isZero();
        assertThat(answers())
                .hasSize(2)
                .allSatisfy(answer -> assertThat(answer).contains("couldn't post", "/invite @Lodestar"));
        assertThat(harness.slack().calls("chat.postMessage"))
                .as("no DM: the admin was answered")
                .allSatisfy(call -> assertThat(call.text("channel")).isEqualTo(DAILY));
    }

    @Test
    void postNowWithdrawnAsItsQuoteIsArchived_thenDoneAgain_postsNothing_andSaysSo() {
        long p1 = add("The new export saved my team a full day.", Sentiment.PRAISE);
        add("I had to explain my problem three times.", Sentiment.CRITIQUE);
        harness.slack().failNext("chat.postMessage", 429, Map.of("Retry-After", "60"), "{}");

        var recorded = postNowOnce();
        assertThat(answers())
                .singleElement()
                .satisfies(answer -> assertThat(answer).contains("Slack didn't take quote #" + p1));
        harness.send().command("/quote", "remove " + p1, ALICE);
        harness.runAfterAck();
        doneAgain(recorded);
        harness.clock().advance(Duration.ofMinutes(5));
        harness.app().courier().drain();

        assertThat(posted(DAILY)).as("only the try that was rate limited").containsExactly(p1);
        assertThat(harness.app().courier().waiting()).isZero();
        assertThat(db().fetchCount(QUOTE_POST)).isZero();
        assertThat(answers())
                .last()
                .satisfies(answer -> assertThat(answer).contains("archived before it went out", "nothing was posted"));
    }

    @Test
    void postNowSlackSendsTwice_postsOnce() {
        long p1 = add("The new export saved my team a full day.", Sentiment.PRAISE);
        add("I had to explain my problem three times.", Sentiment.CRITIQUE);
        String body = harness.send().commandBody("/quote", POST_NOW, ADMIN);

        var first = harness.send()
                .post(body, "application/x-www-form-urlencoded", Instant.now(), SlackRequests.SIGNING_SECRET);
        var again = harness.send()
                .post(
                        body,
                        "application/x-www-form-urlencoded",
                        Instant.now().plusSeconds(1),
                        SlackRequests.SIGNING_SECRET);

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(posted(DAILY)).containsExactly(p1);
        assertThat(db().fetchCount(QUOTE_POST)).isEqualTo(1);
        assertThat(answers()).containsExactly("Posted quote #" + p1 + " in <#" + DAILY + ">.");
    }

    @Test
    void twoCommands_postTwoQuotes() {
        long p1 = add("The new export saved my team a full day.", Sentiment.PRAISE);
        long c1 = add("I had to explain my problem three times.", Sentiment.CRITIQUE);

        quote(POST_NOW, ADMIN);
        quote(POST_NOW, ADMIN);

        assertThat(posted(DAILY)).containsExactly(p1, c1);
    }
}
