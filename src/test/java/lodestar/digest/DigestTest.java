package lodestar.digest;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static lodestar.testing.Users.PACIFIC;
import static lodestar.testing.Users.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import lodestar.pulse.Recurrence;
import lodestar.pulse.Series;
import lodestar.pulse.SeriesDraft;
import lodestar.pulse.Template;
import lodestar.recognition.GiveRequest;
import lodestar.recognition.GiveResult;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DigestTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Monday 23 November 2026, 10:00 UTC: the harness's pinned time. */
    private static final Instant MONDAY = Harness.START;

    static void cx(String text) {
        harness.send().command("/cx", text, ADMIN);
    }

    /** Leaders named a week before the pinned Monday, so this week's digest is theirs. */
    static void leadersSinceLastWeek(String... userIds) {
        harness.clock().set(Instant.parse("2026-11-16T00:00:00Z"));
        StringBuilder mentions = new StringBuilder();
        for (String id : userIds) {
            mentions.append("<@").append(id).append("> ");
        }
        cx("leaders add " + mentions.toString().strip());
        harness.clock().set(MONDAY);
    }

    static long give(Instant at, String giver, String recipient, String impact) {
        harness.clock().set(at);
        var result = harness.app()
                .recognition()
                .service()
                .give(new GiveRequest(
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

    static List<FakeSlack.Call> digestsSent() {
        return harness.slack().calls("chat.postMessage").stream()
                .filter(call -> call.text("text").startsWith("Your weekly customer-culture digest"))
                .toList();
    }

    @Nested
    class Content {
        @Test
        void knownFiguresAndDeltas_appear_andEachLeaderSeesTheirOwn() {
            cx("leaders add <@" + ALICE + ">");
            give(Instant.parse("2026-11-18T10:00:00Z"), ALICE, BOB, null);
            give(Instant.parse("2026-11-19T10:00:00Z"), CAROL, BOB, null);
            give(Instant.parse("2026-11-11T10:00:00Z"), BOB, CAROL, null);
            harness.clock().set(MONDAY);

            var digest = digestFor(ALICE);

            // 7 active members (the bot and the deactivated user don't count): 2 of 7 gave, 1 of 7 the week before.
            assertThat(digest)
                    .contains(
                            "Kudos given *2* ▲ 1",
                            "giving participation *29%* ▲ 15 pts",
                            "receiving *14%* =",
                            "Most-used values: `#ownership` 2",
                            "1 of 1 leaders gave kudos ▲ 1",
                            "100% of leaders' kudos went to people outside",
                            "_You:_ 1 kudos given, 1 people recognised",
                            "No CX mission yet",
                            "No customer quotes were posted this week",
                            "No pulse results yet",
                            "CX culture index: ",
                            "How is this computed?");
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

            var digest = harness.app().digest().service().compute(FakeSlack.TEAM, MONDAY);

            assertThat(digest.spotlight()).extracting(k -> k.id()).containsExactly(impact, popular, plain);
        }

        @Test
        void pulseFigures_onlyFromSurveysThatMetTheirThreshold() {
            cx("leaders add <@" + ALICE + ">");
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
            for (int i = 0; i < 4; i++) {
                pulse.answer(new Actor(FakeSlack.TEAM, null, people.get(i)), runId, 1, 10, null);
            }
            harness.clock().set(Instant.parse("2026-11-19T10:00:00Z"));
            harness.app().pulse().tick();
            harness.clock().set(MONDAY);

            assertThat(digestFor(ALICE)).contains("No pulse results yet").doesNotContain("eNPS *");
        }
    }

    @Nested
    class Delivery {
        @Test
        void eachLeaderGetsItOnce_evenWithTwoInstancesDelivering() throws Exception {
            leadersSinceLastWeek(ALICE, BOB);
            harness.clock().set(Instant.parse("2026-11-23T12:00:00Z"));
            var pool = Executors.newFixedThreadPool(2);
            try {
                List<Callable<Object>> instances = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    instances.add(() -> {
                        harness.app().digest().deliver();
                        return null;
                    });
                }
                for (var future : pool.invokeAll(instances)) {
                    future.get();
                }
            } finally {
                pool.shutdownNow();
            }
            harness.app().digest().deliver();

            assertThat(digestsSent()).extracting(call -> call.text("channel")).containsExactlyInAnyOrder(ALICE, BOB);
            assertThat(harness.slack().calls("files.completeUploadExternal")).hasSize(2);
            assertThat(harness.slack().calls("file_upload"))
                    .allSatisfy(upload ->
                            assertThat(upload.params().path("bytes").asInt()).isGreaterThan(1000));
        }

        @Test
        void missedWhileDown_isSentLateOnce() {
            leadersSinceLastWeek(ALICE);
            harness.clock().set(Instant.parse("2026-11-25T15:00:00Z")); // Wednesday: the bot was down on Monday

            harness.app().digest().deliver();
            harness.app().digest().deliver();

            assertThat(digestsSent()).hasSize(1);
        }

        @Test
        void leadersGetItAtTheDigestTime_inTheirOwnTimeZone() {
            leadersSinceLastWeek(TOKYO, PACIFIC);
            harness.clock().set(Instant.parse("2026-11-23T18:00:00Z"));
            harness.app().digest().deliver(); // this week's, for both
            harness.slack().reset();
            harness.clock().set(Instant.parse("2026-11-29T23:59:00Z")); // Sunday night UTC: nobody's Monday 09:00 yet
            harness.app().digest().deliver();
            assertThat(digestsSent()).isEmpty();

            harness.clock().set(Instant.parse("2026-11-30T00:00:00Z")); // Monday 09:00 in Tokyo
            harness.app().digest().deliver();
            assertThat(digestsSent()).extracting(call -> call.text("channel")).containsExactly(TOKYO);

            harness.clock().set(Instant.parse("2026-11-30T17:00:00Z")); // Monday 09:00 in Los Angeles
            harness.app().digest().deliver();
            assertThat(digestsSent()).extracting(call -> call.text("channel")).containsExactly(TOKYO, PACIFIC);
        }

        @Test
        void leaderAddedMidWeek_getsTheNextOne() {
            harness.clock().set(Instant.parse("2026-11-25T10:00:00Z")); // Wednesday
            cx("leaders add <@" + ALICE + ">");

            harness.app().digest().deliver();
            assertThat(digestsSent()).isEmpty();

            harness.clock().set(Instant.parse("2026-11-30T09:00:00Z"));
            harness.app().digest().deliver();
            assertThat(digestsSent()).hasSize(1);
        }

        @Test
        void leadershipChannel_getsTotalsOnly() {
            leadersSinceLastWeek(ALICE);
            cx("channel digest <#C0LEADS|leadership>");
            harness.clock().set(Instant.parse("2026-11-23T12:00:00Z"));

            harness.app().digest().deliver();

            var toChannel = digestsSent().stream()
                    .filter(call -> call.text("channel").equals("C0LEADS"))
                    .toList();
            assertThat(toChannel)
                    .singleElement()
                    .satisfies(call -> assertThat(FakeSlack.allText(call.params()))
                            .contains("leaders gave kudos")
                            .doesNotContain("_You:_"));
            var toAlice = digestsSent().stream()
                    .filter(call -> call.text("channel").equals(ALICE))
                    .toList();
            assertThat(FakeSlack.allText(toAlice.get(0).params())).contains("_You:_");
        }

        @Test
        void uploadFailure_stillSendsTheDigest() {
            leadersSinceLastWeek(ALICE);
            harness.slack()
                    .answer(
                            "files.getUploadURLExternal",
                            p -> JSON.createObjectNode().put("ok", false).put("error", "not_allowed"));
            harness.clock().set(Instant.parse("2026-11-23T12:00:00Z"));

            harness.app().digest().deliver();

            assertThat(digestsSent()).hasSize(1);
            assertThat(harness.slack().calls("files.completeUploadExternal")).isEmpty();
        }

        @Test
        void digestFitsSlacksLimits() {
            leadersSinceLastWeek(ALICE);
            harness.clock().set(Instant.parse("2026-11-23T12:00:00Z"));

            harness.app().digest().deliver();

            assertThat(digestsSent().get(0).params().path("blocks").size()).isBetween(10, 50);
        }

        @Test
        void digestSchedule_canBeChanged() {
            leadersSinceLastWeek(ALICE);
            cx("digest schedule friday 16:30");
            harness.clock().set(Instant.parse("2026-11-23T12:00:00Z"));
            harness.app().digest().deliver();
            assertThat(digestsSent()).isEmpty();

            harness.clock().set(Instant.parse("2026-11-27T16:30:00Z")); // Friday 16:30 in London
            harness.app().digest().deliver();
            assertThat(digestsSent()).hasSize(1);
        }
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

    @Test
    void badDigestCommands_areExplained() {
        assertThat(harness.send()
                        .command("/cx", "digest schedule someday 09:00", ADMIN)
                        .text())
                .contains("not a day");
        assertThat(harness.send()
                        .command("/cx", "digest schedule monday 9am", ADMIN)
                        .text())
                .contains("24-hour");
        harness.send().command("/cx", "digest schedule monday 08:00", ALICE);
        assertThat(FakeSlack.allText(harness.slack().only("response_url").params()))
                .contains("Only workspace admins");
        assertThat(Map.of()).isEmpty();
    }
}
