package lodestar.workspace;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static lodestar.testing.Users.GONE;
import static lodestar.testing.Users.OWNER;
import static lodestar.testing.Users.ROBOT;
import static org.assertj.core.api.Assertions.assertThat;

import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests.Reply;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CxCommandTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static Reply cx(String text, String userId) {
        return harness.send().command("/cx", text, userId);
    }

    /** What the bot answered through the response URL after acking a change. */
    private static String answer() {
        var call = harness.slack().only("response_url");
        assertThat(call.text("response_type")).isEqualTo("ephemeral");
        return call.text("text");
    }

    private static Settings settings() {
        return harness.app().workspace().service().settings(FakeSlack.TEAM, null);
    }

    @Nested
    class Help {
        @Test
        void help_listsEveryCommandWithExamples() {
            var reply = cx("help", ALICE);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().path("response_type").asText()).isEqualTo("ephemeral");
            assertThat(reply.text())
                    .contains(
                            "/kudos",
                            "/quote",
                            "/pulse",
                            "/cx mission",
                            "/cx values",
                            "/cx leaders",
                            "/cx admins",
                            "e.g.");
        }

        @Test
        void noText_showsHelp() {
            assertThat(cx("", ALICE).text()).contains("/kudos", "/cx values");
        }

        @Test
        void unknownSubcommand_isExplained() {
            var reply = cx("frobnicate now", ALICE);

            assertThat(reply.json().path("response_type").asText()).isEqualTo("ephemeral");
            assertThat(reply.text()).contains("I don't know `/cx frobnicate`", "/cx help");
        }
    }

    @Nested
    class Mission {
        @Test
        void noMissionYet_saysHowToSetOne() {
            assertThat(cx("mission", ALICE).text()).contains("No CX mission yet", "/cx mission");
        }

        @Test
        void adminSetsMission_confirmsAndEveryoneSeesIt() {
            var ack = cx("mission We exist so that every customer can run payroll without worry.", ADMIN);

            assertThat(ack.status()).isEqualTo(200);
            assertThat(answer()).contains("Mission updated", "We exist so that every customer can run payroll");
            assertThat(cx("mission", ALICE).text()).contains("We exist so that every customer can run payroll");
        }

        @Test
        void ownerMaySetMission() {
            cx("mission Customers first.", OWNER);

            assertThat(settings().mission()).contains("Customers first.");
        }

        @Test
        void memberIsRefused_andNothingChanges() {
            cx("mission Mine now.", ALICE);

            assertThat(answer()).contains("Only workspace admins, owners and Lodestar admins", "nothing changed");
            assertThat(settings().mission()).isEmpty();
        }

        @Test
        void overlongMission_isRefusedWithTheLimit() {
            cx("mission " + "a".repeat(501), ADMIN);

            assertThat(answer()).contains("at most 500 characters", "501");
            assertThat(settings().mission()).isEmpty();
        }

        @Test
        void broadcastMention_isRefused() {
            cx("mission Hey <!channel> we love customers", ADMIN);

            assertThat(answer()).contains("can't mention @channel");
            assertThat(settings().mission()).isEmpty();
        }

        @Test
        void lodestarAdmin_maySetMission() {
            cx("admins add <@" + ALICE + "|alice>", ADMIN);
            harness.slack().reset();

            cx("mission Alice's mission.", ALICE);

            assertThat(answer()).contains("Mission updated");
            assertThat(settings().mission()).contains("Alice's mission.");
        }
    }

    @Nested
    class Values {
        @Test
        void newWorkspace_startsWithTheStarterValues() {
            assertThat(cx("values", ALICE).text())
                    .contains("#customer-first", "#ownership", "#empathy", "#fix-the-root", "#go-the-extra-mile");
        }

        @Test
        void adminAddsValue_withAnEmDash() {
            cx("values add candour — Tell the customer the truth, early.", ADMIN);

            assertThat(answer()).contains("Added #candour", "Tell the customer the truth, early.");
            assertThat(settings().values()).contains(new CxValue("candour", "Tell the customer the truth, early."));
        }

        @Test
        void sameNameInAnotherCase_isRefused() {
            cx("values add Ownership - Again", ADMIN);

            assertThat(answer()).contains("#Ownership exists already");
            assertThat(settings().values()).hasSize(5);
        }

        @Test
        void broadcastMentionInDescription_isRefused_andNothingStored() {
            var reply = cx("values add loud — Tell <!channel> about it", ADMIN);

            assertThat(reply.text()).contains("can't mention @channel");
            assertThat(settings().values()).extracting(CxValue::name).doesNotContain("loud");
        }

        @Test
        void missingDescription_isRefused() {
            var reply = cx("values add candour", ADMIN);

            assertThat(reply.text()).contains("one-line description");
            assertThat(settings().values()).hasSize(5);
        }

        @Test
        void overlongDescription_isRefusedWithTheLimit() {
            var reply = cx("values add candour — " + "x".repeat(151), ADMIN);

            assertThat(reply.text()).contains("at most 150 characters");
            assertThat(settings().values()).hasSize(5);
        }

        @Test
        void nameThatIsNoHashtag_isRefused() {
            var reply = cx("values add 42! — Numbers", ADMIN);

            assertThat(reply.text()).contains("hashtag-friendly");
            assertThat(settings().values()).hasSize(5);
        }

        @Test
        void adminRemovesValue_whateverItsCase() {
            cx("values remove #EMPATHY", ADMIN);

            assertThat(answer()).contains("Removed #EMPATHY");
            assertThat(settings().values()).extracting(CxValue::name).doesNotContain("empathy");
        }

        @Test
        void removingAnUnknownValue_isExplained() {
            cx("values remove kindness", ADMIN);

            assertThat(answer()).contains("There is no value #kindness");
        }

        @Test
        void memberCannotAddValues() {
            cx("values add candour — Tell the truth", BOB);

            assertThat(answer()).contains("Only workspace admins");
            assertThat(settings().values()).hasSize(5);
        }

        @Test
        void unknownValuesSubcommand_isExplained() {
            assertThat(cx("values rename a b", ADMIN).text()).contains("/cx values add <name>");
        }
    }

    @Nested
    class Leaders {
        @Test
        void noLeadersYet_saysHowToAddThem() {
            assertThat(cx("leaders", ALICE).text()).contains("No leaders yet", "/cx leaders add");
        }

        @Test
        void adminAddsLeaders_andAnyoneCanListThem() {
            cx("leaders add <@" + ALICE + "|alice> <@" + BOB + ">", ADMIN);

            assertThat(answer()).contains("Added <@" + ALICE + ">, <@" + BOB + ">");
            assertThat(cx("leaders", CAROL).text()).contains("<@" + ALICE + ">", "<@" + BOB + ">");
        }

        @Test
        void botOrDeactivatedUser_isRefused() {
            cx("leaders add <@" + ALICE + "> <@" + ROBOT + ">", ADMIN);
            assertThat(answer()).contains("is a bot or deactivated", "nothing changed");
            harness.slack().reset();

            cx("leaders add <@" + GONE + ">", ADMIN);
            assertThat(answer()).contains("is a bot or deactivated");

            assertThat(settings().leaders()).isEmpty();
        }

        @Test
        void plainNames_areExplained() {
            assertThat(cx("leaders add alice", ADMIN).text()).contains("Mention the people with @");
            assertThat(settings().leaders()).isEmpty();
        }

        @Test
        void adminRemovesLeader() {
            cx("leaders add <@" + ALICE + "> <@" + BOB + ">", ADMIN);
            harness.slack().reset();

            cx("leaders remove <@" + ALICE + ">", ADMIN);

            assertThat(answer()).contains("Removed <@" + ALICE + ">");
            assertThat(settings().leaders()).containsExactly(BOB);
        }

        @Test
        void removingSomeoneWhoIsNoLeader_isExplained() {
            cx("leaders remove <@" + CAROL + ">", ADMIN);

            assertThat(answer()).contains("<@" + CAROL + "> is not one of the leaders");
        }

        @Test
        void memberCannotAddLeaders() {
            cx("leaders add <@" + BOB + ">", ALICE);

            assertThat(answer()).contains("Only workspace admins");
            assertThat(settings().leaders()).isEmpty();
        }
    }

    @Nested
    class Admins {
        @Test
        void adminAddsAndRemovesLodestarAdmins() {
            cx("admins add <@" + BOB + ">", ADMIN);
            assertThat(answer()).contains("Added <@" + BOB + ">");
            assertThat(cx("admins", ALICE).text()).contains("<@" + BOB + ">");
            harness.slack().reset();

            cx("admins remove <@" + BOB + ">", ADMIN);

            assertThat(answer()).contains("Removed <@" + BOB + ">");
            assertThat(settings().admins()).isEmpty();
        }

        @Test
        void memberCannotMakeThemselvesAdmin() {
            cx("admins add <@" + CAROL + ">", CAROL);

            assertThat(answer()).contains("Only workspace admins");
            assertThat(settings().admins()).isEmpty();
        }
    }

    @Nested
    class Recognition {
        @Test
        void defaults_areShown() {
            assertThat(cx("channel", ALICE).text())
                    .contains("the channel where /kudos is used", "5 per week", "leaderboard in `/kudos top` is on");
        }

        @Test
        void adminSetsTheKudosChannel() {
            cx("channel kudos <#C0KUDOS|kudos>", ADMIN);

            assertThat(answer()).contains("Kudos will be posted in <#C0KUDOS>");
            assertThat(settings().kudosChannel()).contains("C0KUDOS");
        }

        @Test
        void kudosChannelWithoutAChannel_isExplained() {
            assertThat(cx("channel kudos recognition", ADMIN).text()).contains("Name one channel with #");
            assertThat(cx("channel random <#C1>", ADMIN).text())
                    .contains("/cx channel kudos #recognition", "/cx channel digest");
            assertThat(settings().kudosChannel()).isEmpty();
        }

        @Test
        void adminSetsTheAllowance() {
            cx("allowance 3 per day", ADMIN);

            assertThat(answer()).contains("3 per day");
            assertThat(settings().allowance()).isEqualTo(new Allowance(3, Allowance.Period.DAY));
        }

        @Test
        void badAllowance_isRefusedWithTheRange() {
            assertThat(cx("allowance 0 per week", ADMIN).text()).contains("from 1 to 100");
            assertThat(cx("allowance 5 per month", ADMIN).text()).contains("per day or week");
            assertThat(cx("allowance lots", ADMIN).text()).contains("/cx allowance 5 per week");
            assertThat(settings().allowance()).isEqualTo(Allowance.DEFAULT);
        }

        @Test
        void adminTurnsTheLeaderboardOffAndOn() {
            cx("leaderboard off", ADMIN);
            assertThat(answer()).contains("Leaderboard off");
            assertThat(settings().leaderboard()).isFalse();
            harness.slack().reset();

            cx("leaderboard on", ADMIN);
            assertThat(settings().leaderboard()).isTrue();
        }

        @Test
        void memberCannotChangeRecognitionSettings() {
            cx("allowance 50 per day", ALICE);
            assertThat(answer()).contains("Only workspace admins");
            harness.slack().reset();
            cx("leaderboard off", ALICE);
            harness.slack().reset();
            cx("channel kudos <#C0MINE>", ALICE);

            assertThat(settings().allowance()).isEqualTo(Allowance.DEFAULT);
            assertThat(settings().leaderboard()).isTrue();
            assertThat(settings().kudosChannel()).isEmpty();
        }

        @Test
        void leaderboardNeedsOnOrOff() {
            assertThat(cx("leaderboard maybe", ADMIN).text()).contains("/cx leaderboard on");
        }
    }

    @Nested
    class TypedTextEchoedBack {
        @Test
        void unknownSubcommand_withBroadcastMentions_cannotPing() {
            for (String typed : new String[] {"<!channel>", "<!here>", "<!everyone>", "<!here|here>"}) {
                var reply = cx(typed + " now", ALICE);

                assertThat(reply.text()).as(typed).contains("I don't know").doesNotContain("<!");
            }
        }

        @Test
        void unknownSubcommand_withAUserMention_isNotRepeatedRaw() {
            var reply = cx("<@U123> hello", ALICE);

            assertThat(reply.text()).contains("I don't know", "/cx help").doesNotContain("<!");
            assertThat(reply.text().length()).isLessThan(200);
        }

        @Test
        void overlongUnknownSubcommand_isCut() {
            var reply = cx("x".repeat(5000), ALICE);

            assertThat(reply.text()).contains("I don't know", "…");
            assertThat(reply.text().length()).isLessThan(200);
        }

        @Test
        void digestScheduleWithMentionsForDayOrTime_cannotPing() {
            assertThat(cx("digest schedule <!channel> 09:00", ADMIN).text())
                    .contains("is not a day of the week")
                    .doesNotContain("<!");
            assertThat(cx("digest schedule monday <!here>", ADMIN).text())
                    .contains("is not a time")
                    .doesNotContain("<!");
        }

        @Test
        void removingAValueNamedWithABroadcast_cannotPing_andNothingChanges() {
            cx("values remove <!channel>", ADMIN);

            assertThat(answer()).contains("There is no value").doesNotContain("<!");
            assertThat(settings().values()).hasSize(5);
        }
    }

    @Nested
    class BadInput {
        @Test
        void emptyValuesAdd_isExplained_andNothingStored() {
            var reply = cx("values add", ADMIN);

            assertThat(reply.text()).contains("Name the value", "/cx values add");
            assertThat(settings().values()).hasSize(5);
        }

        @Test
        void overlongValueName_isRefusedWithTheLimit() {
            var reply = cx("values add " + "a".repeat(CxValue.NAME_LIMIT + 1) + " — Too long a name", ADMIN);

            assertThat(reply.text()).contains("at most " + CxValue.NAME_LIMIT + " characters");
            assertThat(settings().values()).hasSize(5);
        }

        @Test
        void leadersAddWithNobody_isExplained_andNothingStored() {
            var reply = cx("leaders add", ADMIN);

            assertThat(reply.text()).contains("Mention the people with @", "/cx leaders add @alice");
            assertThat(settings().leaders()).isEmpty();
        }

        @Test
        void emptyValuesRemove_isExplained_andNothingChanges() {
            var reply = cx("values remove", ADMIN);

            assertThat(reply.text()).contains("Name one value to remove");
            assertThat(settings().values()).hasSize(5);
        }

        @Test
        void help_isAnsweredInTheAck_withoutWaitingForSlack() {
            // Speed is for benchmarks; what keeps the ack within 3 s is that nothing slow happens before it.
            harness.holdAfterAck();

            var reply = cx("help", ALICE);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.text()).contains("/kudos", "/quote", "/pulse");
            assertThat(harness.slack().calls()).isEmpty();
            harness.runAfterAck(); // only the workspace's record, in the database
            assertThat(harness.slack().calls()).isEmpty();
        }
    }

    @Nested
    class SlackCannotTellTheRole {
        private static final String NEW_ADMIN = "U0NEWADMIN";

        /** More failures than a lookup's retries: a single one is retried and passes unnoticed. */
        private void slackDoesNotAnswerUsersInfo() {
            for (int i = 0; i < 10; i++) {
                harness.slack().failNext("users.info", 500, java.util.Map.of(), "{}");
            }
        }

        @Test
        void adminIsToldToTryAgain_notRefused_andNothingChanges() {
            harness.slack().addUser(NEW_ADMIN, u -> u.put("is_admin", true));
            slackDoesNotAnswerUsersInfo();

            cx("mission Customers first, always.", NEW_ADMIN);

            assertThat(answer())
                    .contains("I couldn't check your role with Slack just now; nothing changed", "try again")
                    .doesNotContain("Only workspace admins");
            assertThat(settings().mission()).isEmpty();
        }

        @Test
        void onceSlackAnswers_theAdminMayChangeSettings() {
            harness.slack().addUser(NEW_ADMIN, u -> u.put("is_admin", true));
            slackDoesNotAnswerUsersInfo();
            cx("leaders add <@U0ALICE>", NEW_ADMIN);
            assertThat(answer()).contains("I couldn't check your role");
            harness.slack().reset();
            harness.slack().addUser(NEW_ADMIN, u -> u.put("is_admin", true));

            cx("leaders add <@U0ALICE>", NEW_ADMIN);

            assertThat(answer()).contains("Added <@U0ALICE>");
        }

        @Test
        void memberStillGetsTheRefusal_whenSlackAnswers() {
            cx("mission Mine now", BOB);

            assertThat(answer()).contains("Only workspace admins");
        }
    }

    @Nested
    class EnterpriseId {
        private String enterpriseId() {
            return lodestar.testing.TestDatabase.get()
                                    .database()
                                    .dsl()
                                    .fetchValue("select enterprise_id from workspace where team_id = ?", FakeSlack.TEAM)
                            instanceof String id
                    ? id
                    : null;
        }

        private void cxFromEnterprise(String text, String enterpriseId) {
            String body = harness.send().commandBody("/cx", text, ALICE) + "&enterprise_id=" + enterpriseId;
            var reply = harness.send()
                    .post(
                            body,
                            "application/x-www-form-urlencoded",
                            java.time.Instant.now(),
                            lodestar.testing.SlackRequests.SIGNING_SECRET);
            assertThat(reply.status()).isEqualTo(200);
        }

        @Test
        void learntOnALaterContact_whenTheFirstHadNone() {
            cx("values", ALICE);
            assertThat(enterpriseId()).isNull();

            cxFromEnterprise("values", "E0GRID");

            assertThat(enterpriseId()).isEqualTo("E0GRID");
        }

        @Test
        void neverReplaced_onceKnown() {
            cxFromEnterprise("values", "E0GRID");
            cxFromEnterprise("mission", "E0OTHER");

            assertThat(enterpriseId()).isEqualTo("E0GRID");
        }
    }
}
