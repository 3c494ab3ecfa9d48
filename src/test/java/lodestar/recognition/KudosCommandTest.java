package lodestar.recognition;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static lodestar.testing.Users.GONE;
import static lodestar.testing.Users.OWNER;
import static lodestar.testing.Users.PACIFIC;
import static lodestar.testing.Users.ROBOT;
import static lodestar.testing.Users.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import lodestar.testing.SlackRequests.Reply;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KudosCommandTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHANNEL = SlackRequests.CHANNEL;

    static Reply kudos(String text, String userId) {
        return harness.send().command("/kudos", text, userId);
    }

    static String mention(String userId) {
        return "<@" + userId + "|" + userId.toLowerCase() + ">";
    }

    /** The ephemeral answer sent through the response URL, with its blocks' text. */
    static String answer() {
        var last = lastResponse();
        assertThat(last.text("response_type")).isEqualTo("ephemeral");
        return FakeSlack.allText(last.params());
    }

    /** The last message sent through a response URL: a new one, or one replacing the message clicked. */
    static FakeSlack.Call lastResponse() {
        var calls = harness.slack().calls("response_url");
        assertThat(calls).isNotEmpty();
        return calls.get(calls.size() - 1);
    }

    static List<FakeSlack.Call> postsIn(String channel) {
        return harness.slack().calls("chat.postMessage").stream()
                .filter(call -> channel.equals(call.text("channel")))
                .toList();
    }

    static int storedKudos() {
        return TestDatabase.get().database().dsl().fetchCount(lodestar.db.schema.Tables.KUDOS);
    }

    static void cx(String text) {
        harness.send().command("/cx", text, ADMIN);
    }

    @Nested
    class Giving {
        @Test
        void kudos_isPostedPublicly_recipientsGetADm_andTheGiverAConfirmation() {
            var reply = kudos(
                    mention(BOB) + " <@" + CAROL + "> #ownership Stayed late to fix Acme's export before"
                            + " their board meeting",
                    ALICE);

            assertThat(reply.status()).isEqualTo(200);
            var post = postsIn(CHANNEL);
            assertThat(post).hasSize(1);
            assertThat(FakeSlack.allText(post.get(0).params()))
                    .contains(
                            "<@" + ALICE + ">",
                            "<@" + BOB + ">",
                            "<@" + CAROL + ">",
                            "#ownership",
                            "Stayed late to fix Acme's export before their board meeting");
            assertThat(postsIn(BOB))
                    .singleElement()
                    .satisfies(dm -> assertThat(dm.text("text"))
                            .contains("<@" + ALICE + "> gave you kudos", "#ownership", "See the post"));
            assertThat(postsIn(CAROL)).hasSize(1);
            assertThat(answer()).contains("Kudos sent to", "You have *3* of 5 kudos left this week", "Undo");
        }

        @Test
        void recognitionChannel_isWherePostsGo() {
            cx("channel kudos <#C0KUDOS|kudos>");

            kudos(mention(BOB) + " Answered the Acme escalation within minutes", ALICE);

            assertThat(postsIn("C0KUDOS")).hasSize(1);
            assertThat(postsIn(CHANNEL)).isEmpty();
        }

        @Test
        void inADmWithoutARecognitionChannel_theGiverIsToldToSetOne() {
            harness.send().command("/kudos", mention(BOB) + " Answered the Acme escalation fast", ALICE, "D0ALICE");

            assertThat(answer()).contains("none is set yet", "/cx channel kudos #channel");
            assertThat(storedKudos()).isZero();
        }

        @Test
        void valuesMatchWhateverTheirCase_andTagsInTheReasonCount() {
            kudos(mention(BOB) + " #EMPATHY Listened to the customer first and #Ownership after", ALICE);

            var kudos = harness.app()
                    .recognition()
                    .service()
                    .find(FakeSlack.TEAM, 1)
                    .orElseThrow();
            assertThat(kudos.values()).containsExactlyInAnyOrder("empathy", "ownership");
        }

        @Test
        void leadersKudos_isMarked() {
            cx("leaders add " + mention(ALICE));

            kudos(mention(BOB) + " Turned an angry renewal call around", ALICE);
            kudos(mention(ALICE) + " Turned an angry renewal call around", BOB);

            var service = harness.app().recognition().service();
            assertThat(service.find(FakeSlack.TEAM, 1).orElseThrow().byLeader()).isTrue();
            assertThat(service.find(FakeSlack.TEAM, 2).orElseThrow().byLeader()).isFalse();
        }

        @Test
        void broadcastMentionInTheReason_cannotPing() {
            kudos(mention(BOB) + " Told <!channel> and @here about the fix for Acme", ALICE);

            var post = FakeSlack.allText(postsIn(CHANNEL).get(0).params());
            assertThat(post).doesNotContain("<!channel>", "@here").contains("Told @\u2060channel");
        }

        @Test
        void sameRequestRetried_recordsOneKudos() {
            String body = harness.send().commandBody("/kudos", mention(BOB) + " Fixed the export for Acme", ALICE);

            harness.send().post(body, "application/x-www-form-urlencoded", Instant.now(), SlackRequests.SIGNING_SECRET);
            harness.send().post(body, "application/x-www-form-urlencoded", Instant.now(), SlackRequests.SIGNING_SECRET);

            assertThat(storedKudos()).isEqualTo(1);
            assertThat(postsIn(CHANNEL)).hasSize(1);
        }

        @Test
        void postThatFails_isStillRecorded_andTheGiverLearnsWhy() {
            harness.slack()
                    .answer(
                            "chat.postMessage",
                            params -> params.path("channel").asText().startsWith("C")
                                    ? JSON.createObjectNode().put("ok", false).put("error", "is_archived")
                                    : JSON.createObjectNode().put("ok", true).put("ts", "1.2"));

            kudos(mention(BOB) + " Fixed the export for Acme", ALICE);

            assertThat(storedKudos()).isEqualTo(1);
            assertThat(answer()).contains("couldn't post it", "archived");
            assertThat(postsIn(BOB)).hasSize(1);
        }
    }

    @Nested
    class Refusals {
        @Test
        void selfKudos_isRefused() {
            kudos(mention(ALICE) + " I fixed the export all by myself", ALICE);

            assertThat(answer()).contains("can't give kudos to yourself", "Nothing was sent");
            assertThat(storedKudos()).isZero();
        }

        @Test
        void botRecipient_isRefused() {
            kudos(mention(ROBOT) + " Sent all the reminders on time", ALICE);

            assertThat(answer()).contains("is a bot");
            assertThat(storedKudos()).isZero();
        }

        @Test
        void deactivatedRecipient_isRefused() {
            kudos(mention(GONE) + " Sent all the reminders on time", ALICE);

            assertThat(answer()).contains("is deactivated");
            assertThat(storedKudos()).isZero();
        }

        @Test
        void unknownValue_isRefusedWithTheClosestMatchAndTheList() {
            kudos(mention(BOB) + " #ownrship Stayed late for the customer", ALICE);

            assertThat(answer())
                    .contains(
                            "#ownrship isn't one of our values",
                            "Did you mean #ownership?",
                            "#customer-first",
                            "#go-the-extra-mile");
            assertThat(storedKudos()).isZero();
        }

        @Test
        void missingReason_isRefused() {
            kudos(mention(BOB) + " #empathy", ALICE);

            assertThat(answer()).contains("Say what they did for the customer, in at least 10 characters");
            assertThat(storedKudos()).isZero();
        }

        @Test
        void overlongReason_isRefusedWithTheLimit() {
            kudos(mention(BOB) + " " + "x".repeat(1001), ALICE);

            assertThat(answer()).contains("at most 1,000 characters (yours has 1,001)");
            assertThat(storedKudos()).isZero();
        }

        @Test
        void elevenRecipients_areRefused() {
            String eleven =
                    IntStream.range(0, 11).mapToObj(i -> "<@U0P" + i + ">").collect(Collectors.joining(" "));

            kudos(eleven + " Everyone pitched in on the Acme outage", ALICE);

            assertThat(answer()).contains("at most 10 people at once (you named 11)");
            assertThat(storedKudos()).isZero();
        }

        @Test
        void noRecipient_isRefused() {
            kudos("Thanks everyone for the Acme outage work", ALICE);

            assertThat(answer()).contains("Mention who you're thanking");
            assertThat(storedKudos()).isZero();
        }
    }

    @Nested
    class Allowance {
        @Test
        void allowanceExhausted_isRefused_andARecipientNamedTwiceCountsOnce() {
            kudos(mention(BOB) + " " + mention(BOB) + " " + mention(CAROL) + " Fixed the export for Acme", ALICE);
            assertThat(answer()).contains("*3* of 5");

            kudos(
                    mention(BOB) + " " + mention(CAROL) + " " + mention(ADMIN) + " " + mention(OWNER)
                            + " Fixed the export again",
                    ALICE);

            assertThat(answer()).contains("You have 3 kudos left this week", "not 4", "resets Mon 30 Nov at 00:00");
            assertThat(storedKudos()).isEqualTo(1);
        }

        @Test
        void allowanceResetsAtTheGiversLocalMidnight() {
            cx("allowance 1 per day");
            // 10:00 UTC on Monday 23 November is 02:00 in Los Angeles.
            kudos(mention(BOB) + " Fixed the export for Acme", PACIFIC);
            kudos(mention(CAROL) + " Fixed the import for Acme", PACIFIC);
            assertThat(answer()).contains("You have 0 kudos left this day", "Tue 24 Nov at 00:00");

            harness.clock().set(Instant.parse("2026-11-24T07:59:00Z"));
            kudos(mention(CAROL) + " Fixed the import for Acme", PACIFIC);
            assertThat(answer()).contains("You have 0 kudos left");

            harness.clock().set(Instant.parse("2026-11-24T08:00:00Z"));
            kudos(mention(CAROL) + " Fixed the import for Acme", PACIFIC);
            assertThat(answer()).contains("Kudos sent to <@" + CAROL + ">");
            assertThat(storedKudos()).isEqualTo(2);
        }
    }

    @Nested
    class WeeklyAllowance {
        private String everyone() {
            return List.of(BOB, CAROL, ALICE, ADMIN, OWNER).stream()
                    .map(KudosCommandTest::mention)
                    .collect(Collectors.joining(" "));
        }

        @Test
        void inTokyo_theWeekResetsAtMondayMidnightTokyoTime() {
            // Sunday 29 November, 23:58 in Tokyo (UTC+9).
            harness.clock().set(Instant.parse("2026-11-29T14:58:00Z"));
            kudos(everyone() + " Fixed the export for Acme", TOKYO);
            assertThat(answer()).contains("*0* of 5");

            harness.clock().set(Instant.parse("2026-11-29T14:59:00Z"));
            kudos(mention(BOB) + " Fixed the import for Acme", TOKYO);
            assertThat(answer()).contains("You have 0 kudos left this week", "resets Mon 30 Nov at 00:00");
            assertThat(storedKudos()).isEqualTo(1);

            harness.clock().set(Instant.parse("2026-11-29T15:00:00Z"));
            kudos(mention(BOB) + " Fixed the import for Acme", TOKYO);
            assertThat(answer()).contains("Kudos sent to <@" + BOB + ">", "*4* of 5");
            assertThat(storedKudos()).isEqualTo(2);
        }

        @Test
        void inLosAngeles_theWeekResetsAtMondayMidnightLosAngelesTime() {
            // Sunday 29 November, 23:58 in Los Angeles (UTC-8): already Monday in UTC.
            harness.clock().set(Instant.parse("2026-11-30T07:58:00Z"));
            kudos(everyone() + " Fixed the export for Acme", PACIFIC);
            assertThat(answer()).contains("*0* of 5");

            harness.clock().set(Instant.parse("2026-11-30T07:59:00Z"));
            kudos(mention(BOB) + " Fixed the import for Acme", PACIFIC);
            assertThat(answer()).contains("You have 0 kudos left this week", "resets Mon 30 Nov at 00:00");

            harness.clock().set(Instant.parse("2026-11-30T08:00:00Z"));
            kudos(mention(BOB) + " Fixed the import for Acme", PACIFIC);
            assertThat(answer()).contains("Kudos sent to <@" + BOB + ">", "*4* of 5");
            assertThat(storedKudos()).isEqualTo(2);
        }
    }

    @Nested
    class Undo {
        private String undoValue() {
            var confirmation = harness.slack().calls("response_url").get(0).params();
            return confirmation.findValue("actions") == null
                    ? confirmation.findParent("action_id").path("value").asText()
                    : confirmation.findValue("value").asText();
        }

        @Test
        void undoWithinFifteenMinutes_withdrawsThePost_andReturnsTheAllowance() {
            kudos(mention(BOB) + " Fixed the export for Acme", ALICE);
            String id = undoValue();
            harness.clock().advance(Duration.ofMinutes(14));

            harness.send().blockAction(ALICE, "kudos_undo", id, CHANNEL, "1.1");

            var update = harness.slack().only("chat.update");
            assertThat(update.text("channel")).isEqualTo(CHANNEL);
            assertThat(FakeSlack.allText(update.params())).contains("withdrawn by the giver");
            assertThat(lastResponse().params().path("replace_original").asBoolean())
                    .isTrue();
            assertThat(FakeSlack.allText(lastResponse().params())).contains("withdrawn", "*5* of 5");
            assertThat(harness.app()
                            .recognition()
                            .service()
                            .find(FakeSlack.TEAM, 1)
                            .orElseThrow()
                            .counts())
                    .isFalse();
        }

        @Test
        void undoAfterSixteenMinutes_isRefused() {
            kudos(mention(BOB) + " Fixed the export for Acme", ALICE);
            String id = undoValue();
            harness.clock().advance(Duration.ofMinutes(16));

            harness.send().blockAction(ALICE, "kudos_undo", id, CHANNEL, "1.1");

            assertThat(FakeSlack.allText(
                            harness.slack().calls("response_url").get(1).params()))
                    .contains("more than 15 minutes");
            assertThat(harness.slack().calls("chat.update")).isEmpty();
            assertThat(harness.app()
                            .recognition()
                            .service()
                            .find(FakeSlack.TEAM, 1)
                            .orElseThrow()
                            .counts())
                    .isTrue();
        }

        @Test
        void doubleClick_withdrawsOnce() {
            kudos(mention(BOB) + " Fixed the export for Acme", ALICE);
            String id = undoValue();

            harness.send().blockAction(ALICE, "kudos_undo", id, CHANNEL, "1.1");
            harness.send().blockAction(ALICE, "kudos_undo", id, CHANNEL, "1.1");

            assertThat(harness.slack().calls("chat.update")).hasSize(1);
            assertThat(answer()).contains("already withdrawn");
        }

        @Test
        void someoneElse_cannotUndo() {
            kudos(mention(BOB) + " Fixed the export for Acme", ALICE);

            harness.send().blockAction(BOB, "kudos_undo", undoValue(), CHANNEL, "1.1");

            assertThat(answer()).contains("Only the person who gave a kudos can undo it");
            assertThat(harness.app()
                            .recognition()
                            .service()
                            .find(FakeSlack.TEAM, 1)
                            .orElseThrow()
                            .counts())
                    .isTrue();
        }

        @Test
        void postDeletedMeanwhile_undoStillWorks() {
            kudos(mention(BOB) + " Fixed the export for Acme", ALICE);
            harness.slack()
                    .answer(
                            "chat.update",
                            p -> JSON.createObjectNode().put("ok", false).put("error", "message_not_found"));

            harness.send().blockAction(ALICE, "kudos_undo", undoValue(), CHANNEL, "1.1");

            assertThat(FakeSlack.allText(lastResponse().params())).contains("withdrawn");
            assertThat(harness.app()
                            .recognition()
                            .service()
                            .find(FakeSlack.TEAM, 1)
                            .orElseThrow()
                            .counts())
                    .isFalse();
        }
    }

    @Nested
    class Moderation {
        @Test
        void adminRemovesAKudos_andItIsRecorded() {
            kudos(mention(BOB) + " Fixed the export for Acme", ALICE);

            kudos("remove 1", ADMIN);

            assertThat(answer()).contains("Kudos #1 removed");
            assertThat(FakeSlack.allText(harness.slack().only("chat.update").params()))
                    .contains("by a moderator");
            var row = TestDatabase.get().database().dsl().fetchSingle(lodestar.db.schema.Tables.KUDOS);
            assertThat(row.getWithdrawnBy()).isEqualTo(ADMIN);
            assertThat(row.getWithdrawal()).isEqualTo("moderation");
            assertThat(row.getWithdrawnAt()).isNotNull();
        }

        @Test
        void memberCannotRemove() {
            kudos(mention(BOB) + " Fixed the export for Acme", ALICE);

            kudos("remove 1", CAROL);

            assertThat(answer()).contains("Only workspace admins");
            assertThat(harness.app()
                            .recognition()
                            .service()
                            .find(FakeSlack.TEAM, 1)
                            .orElseThrow()
                            .counts())
                    .isTrue();
        }

        @Test
        void removingAKudosThatDoesNotExist_isExplained_andChangesNothing() {
            kudos(mention(BOB) + " Fixed the export for Acme", ALICE);

            kudos("remove 999", ADMIN);

            assertThat(answer()).contains("There is no kudos #999.");
            assertThat(harness.slack().calls("chat.update")).isEmpty();
            var row = TestDatabase.get().database().dsl().fetchSingle(lodestar.db.schema.Tables.KUDOS);
            assertThat(row.getWithdrawal()).isNull();
            assertThat(row.getWithdrawnBy()).isNull();
        }

        @Test
        void removeWithoutANumber_isExplained() {
            assertThat(kudos("remove the last one", ADMIN).text()).contains("/kudos remove 42");
        }
    }

    @Nested
    class ReadingBack {
        @Test
        void me_showsReceivedGivenByValue_andRemainingAllowance() {
            kudos(mention(BOB) + " #ownership Fixed the export for Acme", ALICE);
            kudos(mention(BOB) + " #empathy #ownership Calmed the Acme CFO down", CAROL);
            kudos(mention(ALICE) + " #empathy Helped me with the Acme call", BOB);
            harness.slack().reset();

            kudos("me", BOB);

            assertThat(answer())
                    .contains("Received: *2* (#ownership 2, #empathy 1)", "Given: *1* (#empathy 1)", "*4* of 5");
        }

        @Test
        void top_showsPeopleAndValues() {
            kudos(mention(BOB) + " " + mention(CAROL) + " #ownership Fixed the export for Acme", ALICE);
            kudos(mention(BOB) + " #empathy Calmed the Acme CFO down", CAROL);
            harness.slack().reset();

            kudos("top week", ALICE);

            assertThat(answer())
                    .contains("1. <@" + BOB + "> — 2", "2. <@" + CAROL + "> — 1", "`#empathy` — 1", "`#ownership` — 1");
        }

        @Test
        void leaderboardOff_showsOnlyValues() {
            kudos(mention(BOB) + " #ownership Fixed the export for Acme", ALICE);
            cx("leaderboard off");
            harness.slack().reset();

            kudos("top", ALICE);

            assertThat(answer()).contains("turned off", "`#ownership` — 1").doesNotContain("<@" + BOB + ">");
        }

        @Test
        void withdrawnKudos_stopCounting() {
            kudos(mention(BOB) + " #ownership Fixed the export for Acme", ALICE);
            kudos("remove 1", ADMIN);
            harness.slack().reset();

            kudos("me", BOB);

            assertThat(answer()).contains("Received: *0*");
        }

        @Test
        void unknownPeriod_isExplained() {
            assertThat(kudos("top decade", ALICE).text()).contains("/kudos top week");
        }

        @Test
        void help_explainsEveryForm() {
            assertThat(kudos("help", ALICE).text()).contains("/kudos @alice", "/kudos me", "/kudos top", "Give kudos");
        }
    }

    @Nested
    class Reactions {
        @Test
        void reactionsOnAKudosPost_areCounted_onceEach() {
            kudos(mention(BOB) + " Fixed the export for Acme", ALICE);
            String ts = harness.app()
                    .recognition()
                    .service()
                    .find(FakeSlack.TEAM, 1)
                    .orElseThrow()
                    .postTs()
                    .orElseThrow();

            harness.send().event(reaction("reaction_added", CAROL, "tada", ts));
            harness.send().event(reaction("reaction_added", CAROL, "tada", ts));
            harness.send().event(reaction("reaction_added", BOB, "heart", ts));
            harness.send().event(reaction("reaction_added", BOB, "heart", "999.000"));
            assertThat(harness.app().recognition().service().reactions(1)).isEqualTo(2);

            harness.send().event(reaction("reaction_removed", BOB, "heart", ts));
            assertThat(harness.app().recognition().service().reactions(1)).isEqualTo(1);
        }

        private com.fasterxml.jackson.databind.node.ObjectNode reaction(
                String type, String user, String emoji, String ts) {
            var event = JSON.createObjectNode()
                    .put("type", type)
                    .put("user", user)
                    .put("reaction", emoji)
                    .put("event_ts", "1.1");
            event.putObject("item")
                    .put("type", "message")
                    .put("channel", CHANNEL)
                    .put("ts", ts);
            return event;
        }
    }

    @Nested
    class BeforeTheAck {
        @Test
        void give_makesNoWebApiCallBeforeTheResponse() {
            harness.holdAfterAck();

            var reply = kudos(mention(BOB) + " Fixed the export for Acme", ALICE);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(harness.slack().calls()).isEmpty();
            assertThat(harness.runAfterAck()).isPositive();
            assertThat(postsIn(CHANNEL)).hasSize(1);
            assertThat(answer()).contains("Kudos sent to <@" + BOB + ">");
        }

        @Test
        void kudosAlone_opensTheModalOnlyAfterTheResponse() {
            harness.holdAfterAck();

            kudos("", ALICE);

            assertThat(harness.slack().calls()).isEmpty();
            harness.runAfterAck();
            assertThat(harness.slack()
                            .only("views.open")
                            .params()
                            .path("view")
                            .path("callback_id")
                            .asText())
                    .isEqualTo("kudos_modal");
        }

        @Test
        void meTopAndRemove_makeNoWebApiCallBeforeTheResponse() {
            harness.holdAfterAck();

            kudos("me", ALICE);
            kudos("top month", ALICE);
            kudos("remove 1", ADMIN);

            assertThat(harness.slack().calls()).isEmpty();
            harness.runAfterAck();
            assertThat(harness.slack().calls("response_url")).hasSize(3);
        }
    }

    @Nested
    class RecognitionChannel {
        @Test
        void settingTheChannel_makesTheBotJoinIt() {
            cx("channel kudos <#C0KUDOS|kudos>");

            assertThat(harness.slack().only("conversations.join").text("channel"))
                    .isEqualTo("C0KUDOS");
            assertThat(answer()).contains("Kudos will be posted in <#C0KUDOS>", "I've joined it");
        }

        private void privateChannel(boolean botInvited) {
            harness.slack()
                    .answer(
                            "conversations.join",
                            params -> JSON.createObjectNode()
                                    .put("ok", false)
                                    .put("error", "method_not_supported_for_channel_type"));
            harness.slack()
                    .answer(
                            "conversations.members",
                            params -> botInvited
                                    ? JSON.createObjectNode().put("ok", true).set("members", JSON.createArrayNode())
                                    : JSON.createObjectNode().put("ok", false).put("error", "channel_not_found"));
        }

        @Test
        void aPrivateChannelTheBotIsNotIn_theAdminIsToldToInviteTheBot() {
            privateChannel(false);

            cx("channel kudos <#C0SECRET|secret>");

            assertThat(harness.slack().only("conversations.members").text("channel"))
                    .isEqualTo("C0SECRET");
            assertThat(answer()).contains("couldn't join it", "/invite @Lodestar");
        }

        @Test
        void aPrivateChannelTheBotWasInvitedTo_isNotReportedAsUnjoinable() {
            privateChannel(true);

            cx("channel kudos <#C0SECRET|secret>");

            assertThat(answer())
                    .contains("Kudos will be posted in <#C0SECRET>", "I'm already in it", "reactions on kudos count")
                    .doesNotContain("couldn't join", "/invite", "I've joined");
        }

        @Test
        void aPublicChannelThatCannotBeJoined_isReportedWithoutAMembershipCheck() {
            harness.slack()
                    .answer(
                            "conversations.join",
                            params -> JSON.createObjectNode().put("ok", false).put("error", "missing_scope"));

            cx("channel kudos <#C0KUDOS|kudos>");

            assertThat(harness.slack().calls("conversations.members")).isEmpty();
            assertThat(answer()).contains("couldn't join it", "missing_scope", "/invite @Lodestar");
        }

        @Test
        void postingInTheRecognitionChannel_makesNoJoinCall() {
            cx("channel kudos <#C0KUDOS|kudos>");
            harness.slack().reset();

            kudos(mention(BOB) + " Fixed the export for Acme", ALICE);
            kudos(mention(CAROL) + " Fixed the import for Acme", ALICE);

            assertThat(postsIn("C0KUDOS")).hasSize(2);
            assertThat(harness.slack().calls("conversations.join")).isEmpty();
        }

        @Test
        void notInChannel_theBotJoinsOnce_andPostsAgainOnce() {
            cx("channel kudos <#C0KUDOS|kudos>");
            harness.slack().reset();
            var firstPost = new java.util.concurrent.atomic.AtomicBoolean(true);
            harness.slack()
                    .answer(
                            "chat.postMessage",
                            params -> params.path("channel").asText().equals("C0KUDOS") && firstPost.getAndSet(false)
                                    ? JSON.createObjectNode().put("ok", false).put("error", "not_in_channel")
                                    : JSON.createObjectNode().put("ok", true).put("ts", "1.2"));

            kudos(mention(BOB) + " Fixed the export for Acme", ALICE);

            var calls = harness.slack().calls();
            var posts = postsIn("C0KUDOS");
            int join = calls.indexOf(harness.slack().only("conversations.join"));
            assertThat(calls.get(join).text("channel")).isEqualTo("C0KUDOS");
            assertThat(posts).hasSize(2);
            assertThat(calls.indexOf(posts.get(0))).isLessThan(join);
            assertThat(calls.lastIndexOf(posts.get(1))).isGreaterThan(join);
            assertThat(answer()).contains("Posted in <#C0KUDOS>").doesNotContain("couldn't post it");
        }

        @Test
        void joinThatFails_isTriedOnce_andThePostIsNotRetried() {
            harness.slack()
                    .answer(
                            "conversations.join",
                            params -> JSON.createObjectNode().put("ok", false).put("error", "missing_scope"));
            harness.slack()
                    .answer(
                            "chat.postMessage",
                            params -> params.path("channel").asText().equals("C0NOSCOPE")
                                    ? JSON.createObjectNode().put("ok", false).put("error", "not_in_channel")
                                    : JSON.createObjectNode().put("ok", true).put("ts", "1.2"));

            harness.send().command("/kudos", mention(BOB) + " Fixed the export for Acme", ALICE, "C0NOSCOPE");

            assertThat(harness.slack().only("conversations.join").text("channel"))
                    .isEqualTo("C0NOSCOPE");
            assertThat(postsIn("C0NOSCOPE")).hasSize(1);
            assertThat(harness.sleeps()).isEmpty();
            assertThat(answer()).contains("couldn't post it", "/invite @Lodestar");
        }

        @Test
        void fallbackChannel_isJoinedAfterTheFirstPostThere_andNotAgain() {
            harness.send().command("/kudos", mention(BOB) + " Fixed the export for Acme", ALICE, "C0FALLBACK");
            harness.send().command("/kudos", mention(CAROL) + " Fixed the import for Acme", ALICE, "C0FALLBACK");

            var calls = harness.slack().calls();
            var join = harness.slack().only("conversations.join");
            assertThat(join.text("channel")).isEqualTo("C0FALLBACK");
            assertThat(calls.indexOf(postsIn("C0FALLBACK").get(0))).isLessThan(calls.indexOf(join));
            assertThat(postsIn("C0FALLBACK")).hasSize(2);
        }

        @Test
        void aPrivateChannelTheBotIsNotIn_theGiverIsToldToInviteIt() {
            harness.slack()
                    .answer(
                            "conversations.join",
                            params -> JSON.createObjectNode()
                                    .put("ok", false)
                                    .put("error", "method_not_supported_for_channel_type"));
            harness.slack()
                    .answer(
                            "chat.postMessage",
                            params -> params.path("channel").asText().equals(CHANNEL)
                                    ? JSON.createObjectNode().put("ok", false).put("error", "not_in_channel")
                                    : JSON.createObjectNode().put("ok", true).put("ts", "1.2"));

            kudos(mention(BOB) + " Fixed the export for Acme", ALICE);

            assertThat(answer()).contains("couldn't post it", "/invite @Lodestar");
            assertThat(storedKudos()).isEqualTo(1);
        }
    }

    @Nested
    class Retries {
        private Reply sendTwice(String text) {
            String body = harness.send().commandBody("/kudos", text, ALICE);
            harness.send().post(body, "application/x-www-form-urlencoded", Instant.now(), SlackRequests.SIGNING_SECRET);
            // a retry is signed anew, later: the same signature again would be refused as a replay
            return harness.send()
                    .post(
                            body,
                            "application/x-www-form-urlencoded",
                            Instant.now().plusSeconds(1),
                            SlackRequests.SIGNING_SECRET);
        }

        @Test
        void retryAfterAFailedPost_isDoneOnce_andTheAnswerDoesNotClaimItWasPosted() {
            harness.slack()
                    .answer(
                            "chat.postMessage",
                            params -> params.path("channel").asText().equals(CHANNEL)
                                    ? JSON.createObjectNode().put("ok", false).put("error", "is_archived")
                                    : JSON.createObjectNode().put("ok", true).put("ts", "1.2"));

            sendTwice(mention(BOB) + " Fixed the export for Acme");

            assertThat(storedKudos()).isEqualTo(1);
            assertThat(harness.slack().calls("response_url"))
                    .as("the retry is not done again")
                    .hasSize(1);
            assertThat(answer())
                    .contains("couldn't post it in <#" + CHANNEL + ">")
                    .doesNotContain("Posted in");
        }

        @Test
        void retryAfterASuccessfulPost_saysWhereItWasPosted() {
            sendTwice(mention(BOB) + " Fixed the export for Acme");

            assertThat(postsIn(CHANNEL)).hasSize(1);
            assertThat(harness.slack().calls("response_url"))
                    .as("the retry is not done again")
                    .hasSize(1);
            assertThat(answer()).contains("Posted in <#" + CHANNEL + ">");
        }
    }
}
