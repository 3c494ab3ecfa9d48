package lodestar.digest;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static lodestar.testing.Users.PACIFIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lodestar.pulse.Recurrence;
import lodestar.pulse.Series;
import lodestar.pulse.SeriesDraft;
import lodestar.pulse.Template;
import lodestar.quotes.QuoteDraft;
import lodestar.quotes.QuoteOutcome;
import lodestar.quotes.Sentiment;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The digest on the system clock, as in production: its weekly figures are binned by the database, and a clock with
 * nanoseconds once made every week read as empty while the spotlight, counted another way, showed the kudos.
 */
class DigestSystemClockTest {
    @RegisterExtension
    static final Harness harness = Harness.systemClock();

    private static final Actor ADMIN_ACTOR = new Actor(FakeSlack.TEAM, null, ADMIN);

    @Test
    void aWeekOfActivity_showsEveryWeeklyFigure() {
        harness.send().command("/cx", "leaders add <@" + ALICE + ">", ADMIN);
        for (String story : List.of(
                "Stayed late to fix Acme's export before their board meeting",
                "Walked Globex through the migration, step by step",
                "Found the root cause of Initech's failed invoices")) {
            kudos(BOB, CAROL, story);
        }
        kudos(ALICE, BOB, "Called Acme back within the hour with the fix");
        postQuotesAndOwnTheCritique();
        closeEnpsSurveyAnsweredByFive();

        harness.slack().reset();
        harness.send().command("/cx", "digest", ALICE);
        String digest = FakeSlack.allText(harness.slack().only("response_url").params());

        // 7 active members (the bot and the deactivated user don't count): Bob and Alice gave, Carol and Bob received.
        assertThat(digest)
                .contains(
                        "Kudos given *4* ▲ 4",
                        "giving participation *29%* ▲ 29 pts",
                        "receiving *29%* ▲ 29 pts",
                        "Most-used values: `#ownership` 4",
                        "1 of 1 leaders gave kudos ▲ 1",
                        "100% of leaders' kudos went to people outside",
                        "_You:_ 1 kudos given, 1 people recognised",
                        "Quotes posted *2* ▲ 2",
                        "reactions and replies 1 ▲ 1",
                        "Critiques owned 1 of 1",
                        "eNPS *+100*",
                        // giving participation 28.6, leadership involvement 100, critique ownership 100, eNPS 100
                        "*CX culture index: 82*")
                .doesNotContain("No pulse results yet");
    }

    @Test
    void aDueDigest_isPostedOnce_andNotAgainWhenItsRecordingIsLost() {
        harness.send().command("/cx", "leaders add <@" + ALICE + ">", ADMIN);
        var today = LocalDate.now(ZoneId.of("Europe/London")).getDayOfWeek();
        harness.send().command("/cx", "digest schedule " + today.name().toLowerCase(Locale.ROOT) + " 00:00", ADMIN);
        var dsl = harness.app().database().dsl();
        // Alice was named a week ago, so this week's digest, due at midnight today in her zone, is hers.
        dsl.execute("update workspace_role set added_at = added_at - interval '8 days'");
        harness.slack().reset();

        harness.app().digest().deliver();
        harness.app().digest().deliver();
        var recorded = dsl.fetchOne("select id, ts from outbox where kind = 'digest'");
        // As if the instance had died after Slack took the post, before recording it.
        dsl.execute(
                "update outbox set state = 'pending', ts = null, in_flight = true, claim_token = null where id = ?",
                recorded.get(0));
        harness.app().digest().deliver();

        assertThat(harness.slack().calls("chat.postMessage"))
                .singleElement()
                .satisfies(call -> assertThat(call.text("channel")).isEqualTo(ALICE));
        assertThat(dsl.fetchValue("select ts from outbox where id = ?", recorded.get(0)))
                .isEqualTo(recorded.get(1));
    }

    private static void kudos(String giver, String recipient, String story) {
        var reply = harness.send().command("/kudos", "<@" + recipient + "> #ownership " + story, giver);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(harness.slack().calls("chat.postMessage"))
                .anySatisfy(call -> assertThat(FakeSlack.allText(call.params())).contains(story));
    }

    /** A praise and a critique posted to a channel, a reaction on the praise, and an owner for the critique. */
    private static void postQuotesAndOwnTheCritique() {
        var quotes = harness.app().quotes().service();
        quotes.add(ADMIN_ACTOR, quote("The new export saved my team a full day every month-end.", Sentiment.PRAISE));
        quotes.add(ADMIN_ACTOR, quote("I had to explain my problem three times to three people.", Sentiment.CRITIQUE));
        long critique = 0;
        for (int i = 0; i < 2; i++) {
            var post = (QuoteOutcome.Claimed) quotes.claimNext(FakeSlack.TEAM, "C0DAILY", Optional.empty());
            quotes.attachPost(post.postId(), "190" + i + ".1");
            if (post.quote().sentiment() == Sentiment.CRITIQUE) {
                critique = post.quote().id();
            } else {
                quotes.react(FakeSlack.TEAM, "C0DAILY", "190" + i + ".1", BOB, "heart", true);
            }
        }
        quotes.own(new Actor(FakeSlack.TEAM, null, BOB), critique);
    }

    private static QuoteDraft quote(String text, Sentiment sentiment) {
        return new QuoteDraft(
                text,
                Optional.of(sentiment),
                Optional.empty(),
                Optional.of("a customer"),
                Optional.empty(),
                List.of(),
                Optional.empty());
    }

    /** A one-off eNPS survey (minimum group 5) opened now, answered 10 by five people, closed by an admin. */
    private static void closeEnpsSurveyAnsweredByFive() {
        var people = List.of(ALICE, BOB, CAROL, ADMIN, PACIFIC);
        harness.slack().setMembers("C0ALL", people);
        var pulse = harness.app().pulse().service();
        pulse.create(
                ADMIN_ACTOR,
                new SeriesDraft(
                        Optional.of(Template.ENPS),
                        "",
                        Optional.of(Series.Audience.CHANNEL),
                        Optional.of("C0ALL"),
                        true,
                        5,
                        1,
                        Recurrence.ONCE,
                        Optional.empty(),
                        LocalTime.of(9, 0),
                        ZoneId.of("UTC")));
        harness.app().pulse().tick();
        long seriesId = pulse.list(FakeSlack.TEAM).get(0).id();
        long runId = pulse.runs(seriesId).get(0).id();
        for (String person : people) {
            pulse.answer(new Actor(FakeSlack.TEAM, null, person), runId, 1, 10, null);
        }
        assertThat(harness.send().command("/pulse", "close " + runId, ADMIN).status())
                .isEqualTo(200);
        assertThat(pulse.run(FakeSlack.TEAM, runId).orElseThrow().closed()).isTrue();
    }
}
