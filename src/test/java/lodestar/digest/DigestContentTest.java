package lodestar.digest;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static lodestar.testing.Users.PACIFIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lodestar.pulse.Recurrence;
import lodestar.pulse.Series;
import lodestar.pulse.SeriesDraft;
import lodestar.pulse.Template;
import lodestar.quotes.QuoteDraft;
import lodestar.quotes.QuoteOutcome;
import lodestar.quotes.Sentiment;
import lodestar.recognition.GiveRequest;
import lodestar.recognition.GiveResult;
import lodestar.testing.FakeSlack;
import lodestar.testing.PulseSeeds;
import lodestar.testing.SlackRequests;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Test;

/**
 * What the weekly digest says: the week's figures and their change, each leader's own part, the spotlight,
 * pulse figures only from surveys that met their threshold, user text that pings nobody, and how the index is
 * computed.
 */
class DigestContentTest extends DigestFixture {
    static long give(Instant at, String giver, String recipient, String impact) {
        harness.clock().set(at);
        var result = harness.app()
                .recognition()
                .service()
                .giveFromInbox(new GiveRequest(
                        new Actor(FakeSlack.TEAM, null, giver),
                        List.of(recipient),
                        List.of("ownership"),
                        "Helped the Acme customer through their outage",
                        Optional.ofNullable(impact),
                        Optional.empty(),
                        SlackRequests.CHANNEL,
                        "k-" + at + giver + recipient,
                        Optional.empty()));
        var given = (GiveResult.Given) result;
        harness.app()
                .recognition()
                .service()
                .attachPost(
                        FakeSlack.TEAM, given.kudos().id(), "17" + given.kudos().id() + ".1");
        return given.kudos().id();
    }

    static String digestFor(String userId) {
        harness.slack().reset();
        harness.send().command("/cx", "digest", userId);
        return FakeSlack.allText(harness.slack().only("response_url").params());
    }

    @Test
    void knownFiguresAndDeltas_appear_andEachLeaderSeesTheirOwn() {
        cx("leaders add <@" + ALICE + "> <@" + CAROL + ">");
        give(Instant.parse("2026-11-18T10:00:00Z"), ALICE, BOB, null);
        give(Instant.parse("2026-11-19T10:00:00Z"), CAROL, BOB, null);
        give(Instant.parse("2026-11-20T10:00:00Z"), ALICE, CAROL, null); // leader to leader
        give(Instant.parse("2026-11-11T10:00:00Z"), BOB, CAROL, null);
        postQuotesThisWeek();
        harness.clock().set(MONDAY);

        var digest = digestFor(ALICE);

        // 7 active members (the bot and the deactivated user don't count): 2 of 7 gave, 1 of 7 the week before.
        assertThat(digest)
                .contains(
                        "Kudos given *3* ▲ 2",
                        "giving participation *29%* ▲ 15 pts",
                        "receiving *29%* ▲ 15 pts",
                        "Most-used values: `#ownership` 3",
                        "2 of 2 leaders gave kudos ▲ 2",
                        // 2 of the leaders' 3 kudos went to someone outside the leadership group
                        "67% of leaders' kudos went to people outside",
                        "_You:_ 2 kudos given, 2 people recognised",
                        "No CX mission yet",
                        "Quotes posted *3* ▲ 3",
                        "reactions and replies 3 ▲ 3",
                        "engagement *1.0* per post",
                        "Critiques owned 1 of 2 · resolved 1 of 1 owned (100%)",
                        "Still without an owner",
                        "No pulse results yet",
                        // the mean of giving participation 28.6, leadership involvement 100, critique ownership 50
                        "*CX culture index: 60*",
                        "How is this computed?");
        assertThat(digestFor(CAROL)).contains("_You:_ 1 kudos given, 1 people recognised");
    }

    /** This week: a praise with two reactions, a critique owned and resolved with one reply, one left unowned. */
    private void postQuotesThisWeek() {
        var quotes = harness.app().quotes().service();
        var admin = new Actor(FakeSlack.TEAM, null, ADMIN);
        harness.clock().set(Instant.parse("2026-11-17T08:00:00Z"));
        quotes.add(admin, quote("The new export saved my team a full day every month-end.", Sentiment.PRAISE));
        quotes.add(admin, quote("I had to explain my problem three times to three people.", Sentiment.CRITIQUE));
        quotes.add(admin, quote("Cancelling took a phone call during business hours. Why?", Sentiment.CRITIQUE));
        List<QuoteOutcome.Claimed> posts = new ArrayList<>();
        for (int day = 0; day < 3; day++) {
            harness.clock().set(Instant.parse("2026-11-17T09:00:00Z").plus(java.time.Duration.ofDays(day)));
            var post = (QuoteOutcome.Claimed) quotes.claimNext(FakeSlack.TEAM, "C0DAILY", Optional.empty());
            quotes.attachPost(post.postId(), "18" + day + ".1");
            posts.add(post);
        }
        quotes.react(FakeSlack.TEAM, "C0DAILY", "180.1", BOB, "heart", true);
        quotes.react(FakeSlack.TEAM, "C0DAILY", "180.1", CAROL, "clap", true);
        quotes.reply(FakeSlack.TEAM, "C0DAILY", "181.1", "181.2");
        long owned = posts.get(1).quote().id();
        quotes.own(new Actor(FakeSlack.TEAM, null, BOB), owned);
        quotes.resolve(new Actor(FakeSlack.TEAM, null, BOB), owned, "One contact per case from now on");
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

    @Test
    void mentionsTypedAsText_orBroadcasts_inUserText_neverPingFromTheDigest() {
        String typed = "&lt;@U0TYPED&gt; and &lt;!here&gt; and <!channel> and <!everyone>";
        cx("mission We exist so that customers win, &lt;@U0TYPED&gt; &lt;!here&gt;");
        leadersSinceLastWeek(ALICE);
        cx("channel digest <#C0LEADS|leadership>");
        harness.clock().set(Instant.parse("2026-11-18T10:00:00Z"));
        var given = (GiveResult.Given) harness.app()
                .recognition()
                .service()
                .giveFromInbox(new GiveRequest(
                        new Actor(FakeSlack.TEAM, null, ALICE),
                        List.of(BOB),
                        List.of("ownership"),
                        "Stayed on the call: " + typed,
                        Optional.of("Acme renewed " + typed),
                        Optional.empty(),
                        SlackRequests.CHANNEL,
                        "k-typed",
                        Optional.empty()));
        harness.app()
                .recognition()
                .service()
                .attachPost(FakeSlack.TEAM, given.kudos().id(), "170.1");
        var quotes = harness.app().quotes().service();
        quotes.add(
                new Actor(FakeSlack.TEAM, null, ADMIN),
                quote("Three people asked me the same thing " + typed, Sentiment.CRITIQUE));
        harness.clock().set(Instant.parse("2026-11-19T09:00:00Z"));
        var post = (QuoteOutcome.Claimed) quotes.claimNext(FakeSlack.TEAM, "C0DAILY", Optional.empty());
        quotes.attachPost(post.postId(), "190.1");
        harness.clock().set(Instant.parse("2026-11-23T12:00:00Z"));

        harness.app().digest().deliver();

        assertThat(digestsSent()).hasSize(2).allSatisfy(call -> {
            String shown = FakeSlack.allText(call.params());
            assertThat(shown)
                    .contains("customers win, &lt;@U0TYPED&gt; &lt;!here&gt;")
                    .contains("Stayed on the call: &lt;@U0TYPED&gt; and &lt;!here&gt;")
                    .contains("customer impact: Acme renewed &lt;@U0TYPED&gt;")
                    .contains("Three people asked me the same thing &lt;@U0TYPED&gt;")
                    .doesNotContain("<@U0TYPED>", "<!here>", "<!channel>", "<!everyone>")
                    .doesNotContain("@channel", "@here", "@everyone");
        });
    }

    @Test
    void nonLeader_isRefused_adminMayLook() {
        assertThat(digestFor(BOB))
                .contains("The digest is for leaders and admins")
                .doesNotContain("Kudos given");
        assertThat(digestFor(ADMIN)).contains("Kudos given").doesNotContain("_You:_");
    }

    @Test
    void spotlight_putsCustomerImpactFirst_thenMostReactions() {
        cx("leaders add <@" + ALICE + ">");
        long plain = give(Instant.parse("2026-11-18T10:00:00Z"), ALICE, BOB, null);
        long popular = give(Instant.parse("2026-11-18T11:00:00Z"), CAROL, BOB, null);
        long impact = give(Instant.parse("2026-11-18T12:00:00Z"), BOB, CAROL, "Acme renewed");
        var recognition = harness.app().recognition().service();
        recognition.react(FakeSlack.TEAM, SlackRequests.CHANNEL, "17" + popular + ".1", ALICE, "tada", true);
        recognition.react(FakeSlack.TEAM, SlackRequests.CHANNEL, "17" + popular + ".1", BOB, "tada", true);
        recognition.react(FakeSlack.TEAM, SlackRequests.CHANNEL, "17" + plain + ".1", BOB, "tada", true);
        harness.clock().set(MONDAY);

        var digest = harness.app().digest().service().compute(FakeSlack.TEAM, MONDAY, ZoneOffset.UTC);

        assertThat(digest.spotlight()).extracting(k -> k.id()).containsExactly(impact, popular, plain);
    }

    @Test
    void notUsedThisMonth_countsFromTheFirstOfTheMonth_inTheLeadersTimeZone() {
        String sydney = "U0SYDNEY";
        harness.slack().addUser(sydney, u -> u.put("tz", "Australia/Sydney"));
        harness.clock().set(Instant.parse("2027-01-11T00:00:00Z"));
        cx("leaders add <@" + sydney + ">");
        give(Instant.parse("2027-01-20T10:00:00Z"), ALICE, BOB, null); // #ownership, in January everywhere
        // Monday 1 February 2027, 09:00 in Sydney (UTC+11): still Sunday 31 January in UTC.
        harness.clock().set(Instant.parse("2027-01-31T22:00:00Z"));

        harness.app().digest().deliver();

        assertThat(digestsSent())
                .singleElement()
                .satisfies(call -> assertThat(FakeSlack.allText(call.params()))
                        .as("February in Sydney, where nobody used #ownership yet")
                        .contains("Not used this month: ")
                        .contains("`#ownership`"));
        assertThat(digestFor(sydney)).as("/cx digest").contains("`#ownership`");
    }

    @Test
    void pulseFigures_onlyFromSurveysThatMetTheirThreshold() {
        cx("leaders add <@" + ALICE + ">");
        runEnpsSurvey(4);

        assertThat(digestFor(ALICE)).contains("No pulse results yet").doesNotContain("eNPS *");
    }

    @Test
    void pulseFigures_shownOnceEnoughPeopleAnswered() {
        cx("leaders add <@" + ALICE + ">");
        runEnpsSurvey(5);

        assertThat(digestFor(ALICE)).contains("eNPS *+100*").doesNotContain("No pulse results yet");
    }

    @Test
    void pulseFigures_ofTheTrendsOldestWeek_areKept_howeverManySurveysRanSince() {
        // Six weekly surveys for 8 weeks: 48 runs, more than the latest 40 that a summary with no `since` reads.
        new PulseSeeds(harness).sixWeeklySurveysForEightWeeksBefore(MONDAY);
        harness.clock().set(MONDAY);

        var digest = harness.app().digest().service().compute(FakeSlack.TEAM, MONDAY, ZoneOffset.UTC);

        assertThat(digest.trend()).hasSize(8).allSatisfy(week -> {
            assertThat(week.enps()).as("eNPS of the week from " + week.from()).contains(100);
            assertThat(week.belief())
                    .as("CX belief of the week from " + week.from())
                    .contains(100.0);
            assertThat(week.index().components()).containsKeys("eNPS", "CX belief");
        });
    }

    /** A one-off eNPS survey of five people (minimum group 5) that {@code answers} of them answer with 10. */
    private void runEnpsSurvey(int answers) {
        var people = List.of(ALICE, BOB, CAROL, ADMIN, PACIFIC);
        harness.slack().setMembers("C0ALL", people);
        var pulse = harness.app().pulse().service();
        var draft = new SeriesDraft(
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
                ZoneId.of("UTC"));
        harness.clock().set(Instant.parse("2026-11-17T10:00:00Z"));
        pulse.create(new Actor(FakeSlack.TEAM, null, ADMIN), draft);
        harness.app().pulse().tick();
        var run = pulse.list(FakeSlack.TEAM).get(0);
        long runId = pulse.runs(run.id()).get(0).id();
        for (int i = 0; i < answers; i++) {
            pulse.answer(new Actor(FakeSlack.TEAM, null, people.get(i)), runId, 1, 10, null);
        }
        harness.clock().set(Instant.parse("2026-11-19T10:00:00Z"));
        harness.app().pulse().tick();
        harness.clock().set(MONDAY);
    }

    @Test
    void howIsThisComputed_explainsTheFormula() {
        harness.send().blockAction(ALICE, "digest_index_help", "giving participation, eNPS", ALICE, "1.1");

        var answer = FakeSlack.allText(harness.slack().only("response_url").params());
        assertThat(answer)
                .contains(
                        "mean of the available components",
                        "(eNPS + 100) ÷ 2",
                        "This week's index used: giving participation, eNPS");
    }
}
