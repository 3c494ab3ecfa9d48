package lodestar.pulse;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static lodestar.testing.Users.PACIFIC;
import static lodestar.testing.Users.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import lodestar.db.schema.Tables;
import lodestar.delivery.Outbox;
import lodestar.secret.ServerSecret;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PulseTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEAM_CHANNEL = "C0TEAM";
    private static final Actor ORGANISER = new Actor(FakeSlack.TEAM, null, ADMIN);

    static PulseService service() {
        return harness.app().pulse().service();
    }

    static Series create(
            Template template,
            Series.Audience audience,
            String audienceId,
            boolean anonymous,
            int minGroup,
            Recurrence recurrence) {
        var draft = new SeriesDraft(
                Optional.of(template),
                "",
                Optional.of(audience),
                Optional.of(audienceId),
                anonymous,
                minGroup,
                3,
                recurrence,
                Optional.empty(),
                LocalTime.of(9, 0),
                ZoneId.of("Europe/London"));
        return created(draft);
    }

    private static Series created(SeriesDraft draft) {
        var created = service().create(ORGANISER, draft);
        assertThat(created).isInstanceOf(PulseService.Created.Done.class);
        return ((PulseService.Created.Done) created).series();
    }

    static Series createCustom(String questions, String channel, int minGroup, Recurrence recurrence) {
        var draft = new SeriesDraft(
                Optional.of(Template.CUSTOM),
                questions,
                Optional.of(Series.Audience.CHANNEL),
                Optional.of(channel),
                true,
                minGroup,
                3,
                recurrence,
                Optional.empty(),
                LocalTime.of(9, 0),
                ZoneId.of("Europe/London"));
        return created(draft);
    }

    static void comment(String user, Run run, int position, String text) {
        assertThat(service().answer(new Actor(FakeSlack.TEAM, null, user), run.id(), position, null, text))
                .isInstanceOf(Answered.Recorded.class);
    }

    /** A channel eNPS survey for {@code people}, opened: returns its run. */
    static Run openChannelSurvey(List<String> people, int minGroup) {
        harness.slack().setMembers(TEAM_CHANNEL, people);
        var series = create(Template.ENPS, Series.Audience.CHANNEL, TEAM_CHANNEL, true, minGroup, Recurrence.ONCE);
        harness.app().pulse().tick();
        return service().runs(series.id()).get(0);
    }

    static void click(String user, Run run, int position, int value) {
        harness.send()
                .blockAction(
                        user,
                        "pulse_answer_" + position + "_" + value,
                        run.id() + ":" + position + ":" + value,
                        TEAM_CHANNEL,
                        "1.1");
    }

    static String lastAnswer() {
        var calls = harness.slack().calls("response_url");
        return FakeSlack.allText(calls.get(calls.size() - 1).params());
    }

    static List<String> people(int count) {
        List<String> ids = IntStream.range(0, count)
                .mapToObj(i -> String.format("U0P%03d", i))
                .toList();
        ids.forEach(id -> harness.slack().addUser(id, u -> {}));
        return ids;
    }

    static void closeAndTick(Run run) {
        harness.clock().set(run.closesAt().plusSeconds(60));
        harness.app().pulse().tick();
    }

    @Nested
    class Creating {
        @Test
        void memberCannotCreate_adminGetsTheModal() {
            harness.send().command("/pulse", "new", ALICE);
            assertThat(lastAnswer()).contains("Only admins and leaders");
            assertThat(harness.slack().calls("views.open")).isEmpty();

            harness.send().command("/pulse", "new", ADMIN);
            var view = harness.slack().only("views.open").params().path("view");
            assertThat(FakeSlack.allText(view)).contains("eNPS", "CX belief", "Custom", "Anonymous (recommended)");
        }

        @Test
        void newSurvey_opensTheFormBeforeAnyOtherWebApiCall_onceTheUserIsKnown() {
            harness.send().command("/pulse", "new", ADMIN);
            harness.slack().reset();

            harness.send().command("/pulse", "new", ADMIN);

            assertThat(harness.slack().calls())
                    .first()
                    .satisfies(call -> assertThat(call.method()).isEqualTo("views.open"));
            assertThat(harness.slack().only("views.open").params().toString()).contains("Europe/London");
        }

        @Test
        void newSurvey_whenLookingTheUserUpIsRateLimited_opensTheFormAtOnceInUtc() {
            var organiser = "U0ORGRL";
            harness.slack().addUser(organiser, u -> u.put("is_admin", true).put("tz", "Asia/Tokyo"));
            harness.slack()
                    .failNext(
                            "users.info", 429, Map.of("Retry-After", "30"), "{\"ok\":false,\"error\":\"ratelimited\"}");

            harness.send().command("/pulse", "new", organiser);

            assertThat(harness.slack().calls())
                    .extracting(FakeSlack.Call::method)
                    .startsWith("users.info", "views.open");
            assertThat(harness.slack().only("views.open").params().toString())
                    .contains("\"UTC\"")
                    .doesNotContain("Tokyo");
            assertThat(harness.sleeps()).doesNotContain(Duration.ofSeconds(30));
        }

        @Test
        void modalSubmission_createsTheSeries_orShowsErrors() {
            var state = JSON.createObjectNode();
            state.putObject("template")
                    .putObject("template")
                    .putObject("selected_option")
                    .put("value", "custom");
            state.putObject("questions")
                    .putObject("questions")
                    .put("value", "agree: We fix what customers report\nbogus line");
            state.putObject("audience")
                    .putObject("audience")
                    .putObject("selected_option")
                    .put("value", "channel");
            state.putObject("min_group").putObject("min_group").put("value", "2");
            state.putObject("zone").putObject("zone").put("value", "Europe/Paris");

            var reply = harness.send().viewSubmission(ADMIN, "pulse_new_modal", "VP1", "", state);

            assertThat(reply.json().path("errors").path("channel").asText()).contains("Choose the channel");
            state.putObject("channel").putObject("channel").put("selected_conversation", TEAM_CHANNEL);
            reply = harness.send().viewSubmission(ADMIN, "pulse_new_modal", "VP1", "", state);
            assertThat(reply.json().path("errors").path("questions").asText()).contains("Line 2");
            assertThat(reply.json().path("errors").path("min_group").asText()).contains("At least 3");

            state.putObject("questions")
                    .putObject("questions")
                    .put(
                            "value",
                            "agree: We fix what customers report\nchoice: Which matters most? | Speed | Price\ncomment: Anything else?");
            state.putObject("min_group").putObject("min_group").put("value", "3");
            reply = harness.send().viewSubmission(ADMIN, "pulse_new_modal", "VP1", "", state);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEmpty();
            assertThat(service().list(FakeSlack.TEAM)).singleElement().satisfies(series -> {
                assertThat(series.questions()).hasSize(3);
                assertThat(series.anonymous())
                        .as("no anonymity state: anonymous")
                        .isTrue();
            });
            assertThat(harness.slack().calls("chat.postMessage").get(0).text("text"))
                    .contains("Pulse survey #");
        }
    }

    @Nested
    class TypedQuestions {
        @Test
        void questionsAndOptionsWithPingsAndDisguisedLinks_areShownAsTyped_pingingNobody() {
            var everyone = people(3);
            harness.slack().setMembers(TEAM_CHANNEL, everyone);
            var state = JSON.createObjectNode();
            state.putObject("template")
                    .putObject("template")
                    .putObject("selected_option")
                    .put("value", "custom");
            state.putObject("questions")
                    .putObject("questions")
                    .put(
                            "value",
                            "scale: Is <@" + ADMIN
                                    + "> & <!channel> fair?\nchoice: Where? | <https://evil.example> | <!here>");
            state.putObject("audience")
                    .putObject("audience")
                    .putObject("selected_option")
                    .put("value", "channel");
            state.putObject("channel").putObject("channel").put("selected_conversation", TEAM_CHANNEL);
            state.putObject("min_group").putObject("min_group").put("value", "3");
            assertThat(harness.send()
                            .viewSubmission(ADMIN, "pulse_new_modal", "VP1", "", state)
                            .body())
                    .isEmpty();
            var series = service().list(FakeSlack.TEAM).get(0);
            harness.clock().set(harness.clock().instant().plus(Duration.ofDays(1)));
            harness.app().pulse().tick();
            var run = service().runs(series.id()).get(0);
            for (String person : everyone) {
                click(person, run, 1, 5);
                click(person, run, 2, 1);
            }
            harness.slack().reset();
            closeAndTick(run);

            var survey = harness.slack().calls("chat.update").get(0).params().toString();
            var results =
                    harness.slack().calls("chat.postMessage").get(0).params().toString();
            for (String shown : List.of(survey, results)) {
                assertThat(shown)
                        .contains("&lt;!channel&gt;")
                        .doesNotContain("<!channel>", "<!here>", "<@" + ADMIN + ">", "<https://evil.example>");
            }
            assertThat(results).contains("&lt;https://evil.example&gt;", "&lt;!here&gt;");
        }
    }

    static com.fasterxml.jackson.databind.node.ObjectNode surveyForm(String audience, String audienceValue) {
        var state = JSON.createObjectNode();
        state.putObject("template")
                .putObject("template")
                .putObject("selected_option")
                .put("value", "enps");
        state.putObject("audience")
                .putObject("audience")
                .putObject("selected_option")
                .put("value", audience);
        if (audience.equals("dm_usergroup")) {
            state.putObject("usergroup").putObject("usergroup").put("value", audienceValue);
        } else {
            state.putObject("channel").putObject("channel").put("selected_conversation", audienceValue);
        }
        return state;
    }

    @Nested
    class CreatingWithoutSlackCallsBeforeTheAck {
        @Test
        void userGroupHandle_isReadFromTheListLoadedWithTheForm() {
            harness.slack().setMembers("S0SUPPORT", List.of(ALICE, BOB, CAROL));
            harness.send().command("/pulse", "new", ADMIN);
            assertThat(harness.slack().calls("usergroups.list")).hasSize(1);

            var reply = harness.send()
                    .viewSubmission(ADMIN, "pulse_new_modal", "VP1", "", surveyForm("dm_usergroup", "@nope"));
            assertThat(reply.json().path("errors").path("usergroup").asText()).contains("No user group @nope");
            assertThat(service().list(FakeSlack.TEAM)).isEmpty();
            reply = harness.send()
                    .viewSubmission(ADMIN, "pulse_new_modal", "VP1", "", surveyForm("dm_usergroup", "@s0support"));

            assertThat(reply.body()).isEmpty();
            assertThat(harness.slack().calls("usergroups.list")).hasSize(1);
            assertThat(service().list(FakeSlack.TEAM)).singleElement().satisfies(series -> {
                assertThat(series.audienceId()).isEqualTo("S0SUPPORT");
                assertThat(series.anonymous()).isTrue();
            });
        }

        @Test
        void userGroupsStoredByAnotherInstance_areReadFromTheDatabase() {
            var dsl = TestDatabase.get().database().dsl();
            dsl.insertInto(Tables.PULSE_USERGROUP_LIST)
                    .set(Tables.PULSE_USERGROUP_LIST.TEAM_ID, FakeSlack.TEAM)
                    .set(
                            Tables.PULSE_USERGROUP_LIST.LOADED_AT,
                            harness.clock().instant().atOffset(ZoneOffset.UTC))
                    .execute();
            dsl.insertInto(Tables.PULSE_USERGROUP)
                    .set(Tables.PULSE_USERGROUP.TEAM_ID, FakeSlack.TEAM)
                    .set(Tables.PULSE_USERGROUP.HANDLE, "support")
                    .set(Tables.PULSE_USERGROUP.USERGROUP_ID, "S0SUPPORT")
                    .execute();

            var reply = harness.send()
                    .viewSubmission(ADMIN, "pulse_new_modal", "VP1", "", surveyForm("dm_usergroup", "@Support"));

            assertThat(reply.body()).isEmpty();
            assertThat(harness.slack().calls("usergroups.list")).isEmpty();
            assertThat(service().list(FakeSlack.TEAM))
                    .singleElement()
                    .satisfies(series -> assertThat(series.audienceId()).isEqualTo("S0SUPPORT"));
        }

        @Test
        void userGroups_areLoadedAgainOnlyOnceTheStoredListIsTenMinutesOld() {
            harness.slack().setMembers("S0SUPPORT", List.of(ALICE, BOB, CAROL));
            harness.send().command("/pulse", "new", ADMIN);
            harness.clock().set(harness.clock().instant().plus(Duration.ofMinutes(9)));
            harness.send().command("/pulse", "new", ADMIN);
            assertThat(harness.slack().calls("usergroups.list")).hasSize(1);

            harness.slack().setMembers("S0NEWTEAM", List.of(ALICE));
            harness.clock().set(harness.clock().instant().plus(Duration.ofMinutes(2)));
            harness.send().command("/pulse", "new", ADMIN);
            assertThat(harness.slack().calls("usergroups.list")).hasSize(2);
            var reply = harness.send()
                    .viewSubmission(ADMIN, "pulse_new_modal", "VP1", "", surveyForm("dm_usergroup", "@s0newteam"));

            assertThat(reply.body()).isEmpty();
            assertThat(service().list(FakeSlack.TEAM))
                    .singleElement()
                    .satisfies(series -> assertThat(series.audienceId()).isEqualTo("S0NEWTEAM"));
        }

        @Test
        void untickingAnonymity_makesANamedSurvey() {
            var state = surveyForm("channel", TEAM_CHANNEL);
            state.putObject("anonymous").putObject("anonymous").putArray("selected_options");

            harness.send().viewSubmission(ADMIN, "pulse_new_modal", "VP1", "", state);

            assertThat(service().list(FakeSlack.TEAM))
                    .singleElement()
                    .satisfies(series -> assertThat(series.anonymous()).isFalse());
        }

        @Test
        void aMemberSubmittingTheForm_isToldAfterTheAck_andNothingIsStored() {
            var reply = harness.send()
                    .viewSubmission(ALICE, "pulse_new_modal", "VP1", "", surveyForm("channel", TEAM_CHANNEL));

            assertThat(reply.body()).isEmpty();
            assertThat(harness.slack().only("chat.postMessage").text("text")).contains("only admins and leaders");
            assertThat(service().list(FakeSlack.TEAM)).isEmpty();
        }
    }

    @Nested
    class BadInput {
        private int stored() {
            var dsl = TestDatabase.get().database().dsl();
            return dsl.fetchCount(Tables.PULSE_ANSWER)
                    + dsl.fetchCount(Tables.PULSE_TALLY)
                    + dsl.fetchCount(Tables.PULSE_COMMENT);
        }

        private void button(String user, String value) {
            harness.send().blockAction(user, "pulse_answer_1_0", value, TEAM_CHANNEL, "1.1");
        }

        private com.fasterxml.jackson.databind.JsonNode commentOn(String user, Run run, String text) {
            var state = JSON.createObjectNode();
            state.putObject("comment").putObject("comment").put("value", text);
            return harness.send()
                    .viewSubmission(user, "pulse_comment_modal", "VC", run.id() + ":2", state)
                    .json();
        }

        @Test
        void invalidButtonValues_areRefused_andNothingIsStored() {
            var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);

            button(ALICE, "not-a-survey");
            assertThat(lastAnswer()).contains("That button is not from a Lodestar survey; nothing was recorded");
            button(ALICE, run.id() + ":1:11");
            assertThat(lastAnswer()).contains("That is not an answer to this question; nothing was recorded");
            button(ALICE, run.id() + ":9:1");
            assertThat(lastAnswer()).contains("That is not an answer to this question");
            button(ALICE, "999999:1:5");
            assertThat(lastAnswer()).contains("That survey no longer exists");

            assertThat(stored()).isZero();
        }

        @Test
        void blankOrOverLongComments_areRefusedInTheModal() {
            var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);

            assertThat(commentOn(ALICE, run, "   ")
                            .path("errors")
                            .path("comment")
                            .asText())
                    .contains("Write your comment (at most 1,000 characters)");
            assertThat(commentOn(ALICE, run, "x".repeat(1001))
                            .path("errors")
                            .path("comment")
                            .asText())
                    .contains("at most 1,000 characters");

            assertThat(stored()).isZero();
        }

        @Test
        void commentsAfterCloseOrFromOutsiders_areRefused() {
            var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);

            assertThat(FakeSlack.allText(commentOn(ADMIN, run, "I am not in this survey")))
                    .contains("you're not in it, so nothing was recorded");
            closeAndTick(run);
            assertThat(FakeSlack.allText(commentOn(ALICE, run, "Too late")))
                    .contains("This survey is closed, so your answer was not recorded");

            assertThat(stored()).isZero();
        }

        @Test
        void badFormValues_areExplainedField_byField_andNothingIsStored() {
            var state = surveyForm("channel", TEAM_CHANNEL);
            state.putObject("zone").putObject("zone").put("value", "Mars/Olympus_Mons");
            assertThat(submit(state).path("errors").path("zone").asText()).contains("Use a time zone such as");

            state = surveyForm("channel", TEAM_CHANNEL);
            state.putObject("open_days").putObject("open_days").put("value", "0");
            assertThat(submit(state).path("errors").path("open_days").asText())
                    .contains("Keep it open from 1 to 30 days");
            state.putObject("open_days").putObject("open_days").put("value", "31");
            assertThat(submit(state).path("errors").path("open_days").asText())
                    .contains("Keep it open from 1 to 30 days");

            assertThat(customQuestionsError("choice: Which matters most? | Speed"))
                    .contains("a choice needs 2–6 options");
            assertThat(customQuestionsError("choice: Which? | A | B | C | D | E | F | G"))
                    .contains("a choice needs 2–6 options");
            assertThat(customQuestionsError(
                            "agree: One\nagree: Two\nagree: Three\nagree: Four\nagree: Five\nagree: Six"))
                    .contains("A custom survey has 1 to 5 questions");

            harness.send().command("/pulse", "new", ADMIN);
            assertThat(submit(surveyForm("dm_usergroup", "@no-such-group"))
                            .path("errors")
                            .path("usergroup")
                            .asText())
                    .contains("No user group @no-such-group in this workspace");

            assertThat(service().list(FakeSlack.TEAM)).isEmpty();
            assertThat(harness.slack().calls("chat.postMessage")).isEmpty();
        }

        private com.fasterxml.jackson.databind.JsonNode submit(com.fasterxml.jackson.databind.node.ObjectNode state) {
            return harness.send()
                    .viewSubmission(ADMIN, "pulse_new_modal", "VP1", "", state)
                    .json();
        }

        private String customQuestionsError(String questions) {
            var state = surveyForm("channel", TEAM_CHANNEL);
            state.putObject("template")
                    .putObject("template")
                    .putObject("selected_option")
                    .put("value", "custom");
            state.putObject("questions").putObject("questions").put("value", questions);
            return submit(state).path("errors").path("questions").asText();
        }
    }

    @Nested
    class Answering {
        @Test
        void channelSurvey_showsOnlyHowManyAnswered_andConfirmsAnonymously() {
            var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
            var post = harness.slack().only("chat.postMessage");
            assertThat(post.text("channel")).isEqualTo(TEAM_CHANNEL);
            assertThat(FakeSlack.allText(post.params()))
                    .contains("How likely are you to recommend", "0 of 3 answered", "Anonymous");

            click(ALICE, service().runs(run.seriesId()).get(0), 1, 9);

            assertThat(lastAnswer())
                    .contains("Thanks — your answer is anonymous", "when the survey closes only the totals are kept");
            var update = FakeSlack.allText(harness.slack().only("chat.update").params());
            assertThat(update).contains("1 of 3 answered").doesNotContain("promoter", "%");
        }

        @Test
        void clickingAgain_changesTheAnswer() {
            var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);

            click(ALICE, run, 1, 3);
            click(ALICE, run, 1, 10);

            assertThat(lastAnswer()).contains("Answer changed");
            var answers = TestDatabase.get()
                    .database()
                    .dsl()
                    .selectFrom(Tables.PULSE_ANSWER)
                    .fetch();
            var seal = AnswerSeal.of(ServerSecret.of(Harness.SERVER_SECRET), FakeSlack.TEAM, run.id());
            assertThat(answers)
                    .singleElement()
                    .satisfies(answer -> assertThat(seal.open(1, answer.getAnswerKey(), answer.getSealed()))
                            .contains(new AnswerSeal.Answer(10, null)));
        }

        @Test
        void tenConcurrentClicks_recordOneAnswer() throws Exception {
            var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
            var pool = Executors.newFixedThreadPool(10);
            try {
                List<Callable<Answered>> clicks = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    int value = i;
                    clicks.add(
                            () -> service().answer(new Actor(FakeSlack.TEAM, null, ALICE), run.id(), 1, value, null));
                }
                for (var future : pool.invokeAll(clicks)) {
                    assertThat(future.get()).isInstanceOf(Answered.Recorded.class);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(TestDatabase.get().database().dsl().fetchCount(Tables.PULSE_ANSWER))
                    .isEqualTo(1);
            assertThat(service().respondents(run.id())).isEqualTo(1);
        }

        @Test
        void anAnswerRacingTheClose_waitsForIt_andIsRefused() throws Exception {
            var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
            var dsl = TestDatabase.get().database().dsl();
            var pool = Executors.newSingleThreadExecutor();
            try {
                var answer = dsl.transactionResult(tx -> {
                    // A close in progress: the run row is updated but not yet committed.
                    tx.dsl()
                            .update(Tables.PULSE_RUN)
                            .set(
                                    Tables.PULSE_RUN.CLOSED_AT,
                                    harness.clock().instant().atOffset(ZoneOffset.UTC))
                            .setNull(Tables.PULSE_RUN.ANSWER_SECRET)
                            .where(Tables.PULSE_RUN.ID.eq(run.id()))
                            .execute();
                    int closer = tx.dsl().fetchValue(DSL.field("pg_backend_pid()", Integer.class));
                    var pending = pool.submit(
                            () -> service().answer(new Actor(FakeSlack.TEAM, null, ALICE), run.id(), 1, 9, null));
                    var deadline = Instant.now().plusSeconds(20);
                    // Only a backend blocked by this close counts, not other activity waiting on some lock.
                    while (!pending.isDone()
                            && dsl.fetchCount(DSL.selectOne()
                                            .from("pg_stat_activity")
                                            .where("{0} = any(pg_blocking_pids(pid))", DSL.val(closer)))
                                    == 0) {
                        assertThat(Instant.now())
                                .as("the answer waits for the close")
                                .isBefore(deadline);
                        Thread.onSpinWait();
                    }
                    assertThat(pending.isDone())
                            .as("the answer waited for the close")
                            .isFalse();
                    return pending;
                });

                assertThat(answer.get())
                        .isInstanceOfSatisfying(
                                Answered.Refused.class,
                                refused -> assertThat(refused.reason()).contains("closed"));
                assertThat(dsl.fetchCount(Tables.PULSE_ANSWER)).isZero();
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void outsider_isToldTheyAreNotInIt() {
            var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);

            click(ADMIN, run, 1, 7);

            assertThat(lastAnswer()).contains("you're not in it");
            assertThat(TestDatabase.get().database().dsl().fetchCount(Tables.PULSE_ANSWER))
                    .isZero();
        }

        @Test
        void afterClose_answersAreRefused() {
            var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
            closeAndTick(run);

            click(ALICE, run, 1, 7);

            assertThat(lastAnswer()).contains("This survey is closed");
            assertThat(TestDatabase.get().database().dsl().fetchCount(Tables.PULSE_ANSWER))
                    .isZero();
        }

        @Test
        void namedSurvey_isLabelledOnEveryQuestion() {
            harness.slack().setMembers(TEAM_CHANNEL, List.of(ALICE, BOB, CAROL));
            create(Template.CX_BELIEF, Series.Audience.CHANNEL, TEAM_CHANNEL, false, 3, Recurrence.ONCE);
            harness.app().pulse().tick();

            String survey =
                    FakeSlack.allText(harness.slack().only("chat.postMessage").params());
            assertThat(survey.split("\\(not anonymous\\)", -1)).hasSize(6);
            assertThat(survey).contains("Not anonymous: your name is stored with your answers");
        }

        @Test
        void comment_isAnsweredInAModal() {
            var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);

            harness.send().blockAction(ALICE, "pulse_comment", run.id() + ":2", TEAM_CHANNEL, "1.1");
            var modal = harness.slack().only("views.open").params().path("view");
            var state = JSON.createObjectNode();
            state.putObject("comment").putObject("comment").put("value", "More time with customers, please");
            var reply = harness.send()
                    .viewSubmission(
                            ALICE,
                            "pulse_comment_modal",
                            "VC",
                            modal.path("private_metadata").asText(),
                            state);

            assertThat(reply.json().path("response_action").asText()).isEqualTo("update");
            assertThat(reply.text()).contains("Thanks — your answer is anonymous");
        }
    }

    @Nested
    class ResultsAndAnonymity {
        private Run answered(int promoters, int passives, int detractors, int minGroup) {
            var everyone = people(promoters + passives + detractors + 1);
            var run = openChannelSurvey(everyone, minGroup);
            int i = 0;
            for (int n = 0; n < promoters; n++) {
                click(everyone.get(i++), run, 1, 10);
            }
            for (int n = 0; n < passives; n++) {
                click(everyone.get(i++), run, 1, 7);
            }
            for (int n = 0; n < detractors; n++) {
                click(everyone.get(i++), run, 1, 2);
            }
            harness.slack().reset();
            return run;
        }

        @Test
        void enpsOnKnownData_isPlusForty() {
            var run = answered(3, 1, 1, 5);

            closeAndTick(run);

            var results = FakeSlack.allText(
                    harness.slack().calls("chat.postMessage").get(0).params());
            assertThat(results)
                    .contains(
                            "eNPS +40",
                            "promoters 60%",
                            "passives 20%",
                            "detractors 20%",
                            "Response rate *83%* (5 of 6)");
            assertThat(FakeSlack.allText(harness.slack().only("chat.update").params()))
                    .contains("Closed");
        }

        @Test
        void fourAnswersUnderAThresholdOfFive_showNoResultsAnywhere() {
            var run = answered(3, 1, 0, 5);

            closeAndTick(run);

            var results = FakeSlack.allText(
                    harness.slack().calls("chat.postMessage").get(0).params());
            assertThat(results)
                    .contains("Not enough answers to show results anonymously")
                    .doesNotContain("*eNPS", "promoters");
            harness.send().command("/pulse", "results " + run.id(), ADMIN);
            assertThat(lastAnswer()).contains("Not enough answers").doesNotContain("*eNPS", "promoters");
            assertThat(service().results(FakeSlack.TEAM, run.id()))
                    .hasValueSatisfying(r -> assertThat(r.enough()).isFalse());
        }

        @Test
        void aCommentWithPingsAndADisguisedLink_isPlainTextWhereverResultsAreShown() {
            var everyone = people(3);
            harness.slack().setMembers(TEAM_CHANNEL, everyone);
            var series = createCustom("comment: Anything else?", TEAM_CHANNEL, 3, Recurrence.ONCE);
            harness.app().pulse().tick();
            var run = service().runs(series.id()).get(0);
            String hostile = "<https://evil.example/login|Open the HR portal> <!channel> <!here> <@" + ADMIN + ">";
            for (String person : everyone) {
                var state = JSON.createObjectNode();
                state.putObject("comment").putObject("comment").put("value", hostile);
                harness.send().viewSubmission(person, "pulse_comment_modal", "VC", run.id() + ":1", state);
            }
            closeAndTick(run);
            harness.send().command("/pulse", "results " + run.id(), ADMIN);

            var posted = harness.slack().calls("chat.postMessage").stream()
                    .map(call -> call.params().toString())
                    .filter(params -> params.contains("Results"))
                    .toList();
            var answered = harness.slack()
                    .calls("response_url")
                    .get(harness.slack().calls("response_url").size() - 1)
                    .params()
                    .toString();
            assertThat(posted).isNotEmpty();
            for (String shown : concat(posted, answered)) {
                assertThat(shown)
                        .contains("Open the HR portal")
                        .doesNotContain("<!channel>", "<!here>", "|Open the HR portal>", "<@" + ADMIN + ">");
            }
        }

        private static List<String> concat(List<String> some, String one) {
            var all = new ArrayList<>(some);
            all.add(one);
            return all;
        }

        @Test
        void aQuestionAnsweredByFewerThanTheThreshold_isHidden_evenWhenTheSurveyMetIt() {
            var everyone = people(6);
            harness.slack().setMembers(TEAM_CHANNEL, everyone);
            var series = createCustom(
                    "scale: Would you recommend us?\ncomment: Anything else?", TEAM_CHANNEL, 5, Recurrence.ONCE);
            harness.app().pulse().tick();
            var run = service().runs(series.id()).get(0);
            for (int i = 0; i < 5; i++) {
                click(everyone.get(i), run, 1, 10);
            }
            comment(everyone.get(0), run, 2, "Only I said this");
            comment(everyone.get(1), run, 2, "And only I said that");
            harness.slack().reset();

            closeAndTick(run);

            var posted = FakeSlack.allText(
                    harness.slack().calls("chat.postMessage").get(0).params());
            assertThat(posted)
                    .contains(
                            "eNPS +100",
                            "Not enough answers to show results anonymously: at least 5 people must"
                                    + " answer this question")
                    .doesNotContain("Only I said this", "And only I said that");
            var results = service().results(FakeSlack.TEAM, run.id()).orElseThrow();
            assertThat(results.questions().get(1)).satisfies(comments -> {
                assertThat(comments.enough()).isFalse();
                assertThat(comments.answers()).isZero();
                assertThat(comments.comments()).isEmpty();
            });
        }

        @Test
        void digestFigures_comeOnlyFromQuestionsThatMetTheThreshold() {
            var everyone = people(6);
            harness.slack().setMembers(TEAM_CHANNEL, everyone);
            var series = createCustom(
                    "scale: Would you recommend us?\nchoice: Best? | Speed | Price", TEAM_CHANNEL, 5, Recurrence.ONCE);
            harness.app().pulse().tick();
            var run = service().runs(series.id()).get(0);
            for (int i = 0; i < 5; i++) {
                click(everyone.get(i), run, 2, 0);
            }
            for (int i = 0; i < 4; i++) {
                click(everyone.get(i), run, 1, 10);
            }
            closeAndTick(run);

            var summary = service().summary(FakeSlack.TEAM, harness.clock().instant());
            assertThat(summary.points()).singleElement().satisfies(point -> {
                assertThat(point.enps()).isEmpty();
                assertThat(point.responseRate()).isEqualTo(83);
            });
            assertThat(service().results(FakeSlack.TEAM, run.id())).hasValueSatisfying(results -> {
                assertThat(results.enps()).isEmpty();
                assertThat(results.questions().get(0).counts()).containsOnly(0L);
                assertThat(results.questions().get(1).counts()).containsExactly(5L, 0L);
            });
        }

        @Test
        void recurringSeries_showsTheChangeOfEveryFigure() {
            harness.slack().setMembers(TEAM_CHANNEL, List.of(ALICE, BOB, CAROL));
            var series = createCustom(
                    "agree: We fix what customers report\nchoice: Best? | Speed | Price",
                    TEAM_CHANNEL,
                    3,
                    Recurrence.WEEKLY);
            harness.app().pulse().tick();
            var first = service().runs(series.id()).get(0);
            for (String person : List.of(ALICE, BOB, CAROL)) {
                click(person, first, 1, 2);
                click(person, first, 2, 0);
            }
            closeAndTick(first);
            harness.clock().set(first.opensAt().plus(Duration.ofDays(7)));
            harness.app().pulse().tick();
            var second = service().runs(series.id()).get(1);
            click(ALICE, second, 1, 4);
            click(BOB, second, 1, 4);
            click(CAROL, second, 1, 5);
            click(ALICE, second, 2, 0);
            click(BOB, second, 2, 0);
            click(CAROL, second, 2, 1);
            harness.slack().reset();

            closeAndTick(second);

            assertThat(FakeSlack.allText(
                            harness.slack().calls("chat.postMessage").get(0).params()))
                    .contains(
                            "Mean *4.3* (▲ 2.3)",
                            "favourable *100%* (▲ 100 pts)",
                            "2 (67%) (▼ 33 pts)",
                            "1 (33%) (▲ 33 pts)");
        }

        @Test
        void afterClose_nothingStoredLinksAnAnswerToAPerson() {
            var run = answered(3, 1, 1, 5);

            closeAndTick(run);

            var dsl = TestDatabase.get().database().dsl();
            assertThat(dsl.fetchCount(Tables.PULSE_ANSWER)).isZero();
            assertThat(dsl.selectFrom(Tables.PULSE_TALLY).fetch().stream()
                            .mapToInt(tally -> tally.getCount())
                            .sum())
                    .isEqualTo(5);
            assertThat(dsl.selectFrom(Tables.PULSE_RUN).fetchSingle().getRespondents())
                    .isEqualTo(5);
            // Nothing of a result records who gave it, when or in which order: no key, time, serial or identity.
            var columns = dsl.fetch("select column_name, data_type, column_default, is_identity from"
                    + " information_schema.columns where table_name in ('pulse_tally', 'pulse_comment')");
            assertThat(columns).isNotEmpty().allSatisfy(column -> {
                assertThat(column.get("data_type", String.class)).doesNotContain("time", "date", "interval");
                assertThat(column.get("column_default", String.class)).isNull();
                assertThat(column.get("is_identity", String.class)).isEqualTo("NO");
            });
        }

        @Test
        void aCrashBetweenCloseAndAnnouncement_isAnnouncedOnTheNextTick_once() {
            var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
            harness.slack().reset();
            harness.clock().set(run.closesAt().plusSeconds(60));
            service().closeDue(); // the instance dies here, before announcing

            harness.app().pulse().tick();
            harness.app().pulse().tick();

            assertThat(harness.slack().only("chat.postMessage").text("text")).contains("Results");
            assertThat(FakeSlack.allText(harness.slack().only("chat.update").params()))
                    .contains("Closed");
        }

        @Test
        void aRunThatFailsToAnnounce_doesNotHoldBackTheOthers() {
            var first = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
            var second = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
            var dsl = TestDatabase.get().database().dsl();
            // The first run's series can no longer be read: announcing it fails until it is mended.
            dsl.update(Tables.PULSE_SERIES)
                    .set(Tables.PULSE_SERIES.ZONE, "Not/AZone")
                    .where(Tables.PULSE_SERIES.ID.eq(first.seriesId()))
                    .execute();
            harness.clock().set(second.closesAt().plusSeconds(60));

            harness.app().pulse().tick();
            assertThat(resultsPosted(first)).isFalse();
            assertThat(resultsPosted(second)).isTrue();

            dsl.update(Tables.PULSE_SERIES)
                    .set(Tables.PULSE_SERIES.ZONE, "Europe/London")
                    .where(Tables.PULSE_SERIES.ID.eq(first.seriesId()))
                    .execute();
            harness.app().pulse().tick();
            assertThat(resultsPosted(first)).isTrue();
        }

        private boolean resultsPosted(Run run) {
            return Outbox.status(
                            TestDatabase.get().database().dsl(),
                            FakeSlack.TEAM,
                            "pulse:results:" + run.id() + ":" + TEAM_CHANNEL)
                    .filter(status -> status.state().equals("sent"))
                    .isPresent();
        }

        @Test
        void answeringAClosedRunWhileItIsAnnounced_isRefusedAtOnce() throws Exception {
            var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
            harness.clock().set(run.closesAt().plusSeconds(60));
            service().closeDue();
            var dsl = TestDatabase.get().database().dsl();

            // An announcement holds the closed run's row lock; an answer must not wait for it (Slack wants an ack).
            var answer = dsl.transactionResult(tx -> {
                tx.dsl()
                        .select(Tables.PULSE_RUN.ID)
                        .from(Tables.PULSE_RUN)
                        .where(Tables.PULSE_RUN.ID.eq(run.id()))
                        .forUpdate()
                        .fetch();
                return CompletableFuture.supplyAsync(
                                () -> service().answer(new Actor(FakeSlack.TEAM, null, ALICE), run.id(), 1, 9, null))
                        .orTimeout(10, TimeUnit.SECONDS)
                        .join();
            });

            assertThat(answer)
                    .isInstanceOfSatisfying(
                            Answered.Refused.class,
                            refused -> assertThat(refused.reason()).contains("closed"));
        }

        @Test
        void closingByCommand_onlyEnqueues_andTheCourierPostsTheResultsFirst() {
            var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
            harness.slack().reset();

            harness.send().command("/pulse", "close " + run.id(), ADMIN);
            assertThat(lastAnswer()).contains("closed");
            assertThat(harness.slack().calls("chat.postMessage")).isEmpty();
            assertThat(harness.slack().calls("chat.update")).isEmpty();

            harness.app().courier().drain();
            assertThat(harness.slack().calls())
                    .extracting(FakeSlack.Call::method)
                    .filteredOn(method -> method.startsWith("chat."))
                    .containsExactly("chat.postMessage", "chat.update");
            assertThat(harness.slack().only("chat.postMessage").text("text")).contains("Results");
        }

        @Test
        void closingAfterDowntime_postsResultsOnce() {
            var run = answered(3, 1, 1, 5);
            harness.clock().set(run.closesAt().plus(Duration.ofDays(2)));

            harness.app().pulse().tick();
            harness.app().pulse().tick();

            assertThat(harness.slack().calls("chat.postMessage")).hasSize(1);
        }

        @Test
        void recurringSeries_showsTheChangeSinceTheLastRun() {
            harness.slack().setMembers(TEAM_CHANNEL, List.of(ALICE, BOB, CAROL));
            var series = create(Template.ENPS, Series.Audience.CHANNEL, TEAM_CHANNEL, true, 3, Recurrence.WEEKLY);
            harness.app().pulse().tick();
            var first = service().runs(series.id()).get(0);
            click(ALICE, first, 1, 10);
            click(BOB, first, 1, 10);
            click(CAROL, first, 1, 2);
            closeAndTick(first);
            harness.clock().set(first.opensAt().plus(Duration.ofDays(7)));
            harness.app().pulse().tick();
            var second = service().runs(series.id()).get(1);
            assertThat(second.opensAt()).isEqualTo(first.opensAt().plus(Duration.ofDays(7)));
            click(ALICE, second, 1, 10);
            click(BOB, second, 1, 10);
            click(CAROL, second, 1, 10);
            harness.slack().reset();

            closeAndTick(second);

            assertThat(FakeSlack.allText(
                            harness.slack().calls("chat.postMessage").get(0).params()))
                    .contains("eNPS +100", "▲ 67 since last run");
        }
    }

    @Nested
    class DirectMessages {
        @Test
        void fanOutTo200Members_withRateLimits_sendsEachExactlyOnce_withNoFixedPause() {
            var members = people(200);
            harness.slack().setMembers("C0ALL", members);
            for (int i = 0; i < 3; i++) {
                harness.slack()
                        .failNext(
                                "chat.postMessage",
                                429,
                                Map.of("Retry-After", "2"),
                                "{\"ok\":false,\"error\":\"ratelimited\"}");
            }
            create(Template.ENPS, Series.Audience.DM_CHANNEL, "C0ALL", true, 5, Recurrence.ONCE);

            List<Integer> perTick = new ArrayList<>();
            for (int tick = 0; tick < 3; tick++) {
                int before = harness.slack().calls("chat.postMessage").size();
                harness.app().pulse().tick();
                perTick.add(harness.slack().calls("chat.postMessage").size() - before);
            }

            // Every DM due goes out in the tick that finds its people (a large audience is listed at once, users.list);
            // the three 429s were waited out by the same call; the courier paces to Slack's rates, with no pause of its
            // own.
            assertThat(perTick).containsExactly(203, 0, 0);
            var delivered = harness.slack().calls("chat.postMessage").stream()
                    .map(call -> call.text("channel"))
                    .toList();
            assertThat(delivered).hasSize(203);
            assertThat(delivered.stream().distinct()).hasSize(200).containsExactlyInAnyOrderElementsOf(members);
            assertThat(harness.sleeps()).doesNotContain(Duration.ofMillis(1100));
            assertThat(harness.sleeps())
                    .filteredOn(Duration.ofSeconds(2)::equals)
                    .hasSize(3);
        }

        @Test
        void aBigFanOut_doesNotHoldUpClosing() {
            var members = people(120);
            harness.slack().setMembers("C0ALL", members);
            harness.slack().setMembers(TEAM_CHANNEL, List.of(ALICE, BOB, CAROL));
            var closing = create(Template.ENPS, Series.Audience.CHANNEL, TEAM_CHANNEL, true, 3, Recurrence.ONCE);
            harness.app().pulse().tick();
            var run = service().runs(closing.id()).get(0);
            harness.clock().set(run.closesAt().minusSeconds(30));
            create(Template.ENPS, Series.Audience.DM_CHANNEL, "C0ALL", true, 5, Recurrence.ONCE);
            int before = harness.slack().calls("chat.postMessage").size();

            harness.clock().set(run.closesAt().plusSeconds(30));
            harness.app().pulse().tick();

            // One tick closes the first run and opens the DM survey: the closed run's results are enqueued ahead of
            // the 120 DMs, so they go out first.
            var all = harness.slack().calls("chat.postMessage");
            var posts = all.subList(before, all.size());
            assertThat(posts).hasSize(121);
            assertThat(posts.get(0).text("channel")).isEqualTo(TEAM_CHANNEL);
            assertThat(FakeSlack.allText(posts.get(0).params())).contains("Results");
            assertThat(posts.subList(1, 121))
                    .allSatisfy(dm -> assertThat(dm.text("channel")).startsWith("U0P"));
        }

        @Test
        void aRateLimitWithoutABody_isRetriedOnceItsBackOffHasPassed() {
            var members = List.of("U0RL1", "U0RL2", "U0RL3");
            members.forEach(id -> harness.slack().addUser(id, u -> {}));
            harness.slack().setMembers("C0RL", members);
            create(Template.ENPS, Series.Audience.DM_CHANNEL, "C0RL", true, 3, Recurrence.ONCE);
            for (int i = 0; i < 5; i++) { // every attempt of the first DM: the call gives up with http_429
                harness.slack().failNext("chat.postMessage", 429, Map.of("Retry-After", "1"), "");
            }

            harness.app().pulse().tick();
            assertThat(harness.slack().calls("chat.postMessage")).hasSize(7);
            harness.app().pulse().tick();
            assertThat(harness.slack().calls("chat.postMessage"))
                    .as("not before its back-off")
                    .hasSize(7);
            harness.clock().advance(Duration.ofSeconds(6));
            harness.app().pulse().tick();

            assertThat(harness.slack().calls("chat.postMessage").subList(5, 8))
                    .extracting(call -> call.text("channel"))
                    .containsExactly("U0RL2", "U0RL3", "U0RL1");
        }

        @Test
        void restartMidFanOut_sendsNobodyASecondCopy() {
            var members = people(30);
            harness.slack().setMembers("C0ALL", members);
            dmsAreLookedUpUnderTheirUser();
            create(Template.ENPS, Series.Audience.DM_CHANNEL, "C0ALL", true, 5, Recurrence.ONCE);
            harness.app().pulse().tick();
            assertThat(harness.slack().calls("chat.postMessage")).hasSize(30);
            // An instance killed after Slack took ten DMs, before it recorded them.
            var dsl = TestDatabase.get().database().dsl();
            var lost = "(select id from outbox where kind = 'pulse.dm' order by id limit 10)";
            dsl.execute("update pulse_recipient set channel_id = null, message_ts = null"
                    + " where user_id in (select channel from outbox where id in " + lost + ")");
            dsl.execute("update outbox set state = 'pending', ts = null, in_flight = true, claim_token = null"
                    + " where id in " + lost);

            harness.app().pulse().tick();

            var delivered = harness.slack().calls("chat.postMessage").stream()
                    .map(call -> call.text("channel"))
                    .toList();
            assertThat(delivered).hasSize(30).doesNotHaveDuplicates();
            assertThat(harness.slack().calls("conversations.history")).hasSize(10);
            assertThat(dsl.fetchCount(Tables.PULSE_RECIPIENT, Tables.PULSE_RECIPIENT.MESSAGE_TS.isNotNull()))
                    .as("each DM found is recorded, so that closing updates it")
                    .isEqualTo(30);
        }

        @Test
        void aStepThatFails_doesNotStopTheOthers() {
            var members = List.of("U0STEP1", "U0STEP2");
            members.forEach(id -> harness.slack().addUser(id, u -> {}));
            harness.slack().setMembers("C0STEP", members);
            service().create(ORGANISER, tuesdayMorningDmSurvey("C0STEP"));
            harness.app().pulse().tick();
            // Another series whose stored zone no longer parses: creating runs fails on every tick from now on.
            var broken = create(Template.ENPS, Series.Audience.CHANNEL, TEAM_CHANNEL, true, 3, Recurrence.ONCE);
            TestDatabase.get()
                    .database()
                    .dsl()
                    .update(Tables.PULSE_SERIES)
                    .set(Tables.PULSE_SERIES.ZONE, "Not/AZone")
                    .where(Tables.PULSE_SERIES.ID.eq(broken.id()))
                    .execute();

            harness.clock().set(Instant.parse("2026-11-24T09:00:00Z"));
            harness.app().pulse().tick();

            assertThat(harness.slack().calls("chat.postMessage"))
                    .extracting(call -> call.text("channel"))
                    .containsExactlyInAnyOrderElementsOf(members);
        }

        @Test
        void membersSlackDoesNotKnow_areLeftOut_andNotLookedUpAgain() {
            var external = "U0EXTERNAL"; // a Slack Connect guest: users.info says user_not_found
            harness.slack().setMembers("C0EXT", List.of(ALICE, BOB, external));
            service().create(ORGANISER, tuesdayMorningDmSurvey("C0EXT"));

            harness.app().pulse().tick();
            harness.app().pulse().tick();
            harness.clock().set(Instant.parse("2026-11-24T09:00:00Z"));
            harness.app().pulse().tick();

            var run = service().runs(service().list(FakeSlack.TEAM).get(0).id()).get(0);
            assertThat(service().audience(run.id())).isEqualTo(2);
            assertThat(harness.slack().calls("users.info"))
                    .filteredOn(call -> call.text("user").equals(external))
                    .hasSize(1);
            assertThat(harness.slack().calls("chat.postMessage"))
                    .extracting(call -> call.text("channel"))
                    .containsExactlyInAnyOrder(ALICE, BOB);
        }

        @Test
        void aLargeAudience_isListedAtOnce_andOnlyThoseTheListMissedAreLookedUp_cappedPerTick() {
            var listed = IntStream.range(0, 150)
                    .mapToObj(i -> String.format("U0CAP%03d", i))
                    .toList();
            listed.forEach(id -> harness.slack().addUser(id, u -> {}));
            // people users.list does not show (e.g. from another workspace of a Slack Connect channel)
            var unlisted = IntStream.range(0, 150)
                    .mapToObj(i -> String.format("U0EXT%03d", i))
                    .toList();
            var members = new ArrayList<>(listed);
            members.addAll(unlisted);
            harness.slack().setMembers("C0CAP", members);
            service().create(ORGANISER, tuesdayMorningDmSurvey("C0CAP"));

            harness.app().pulse().tick();
            var run = service().runs(service().list(FakeSlack.TEAM).get(0).id()).get(0);

            assertThat(harness.slack().calls("users.list")).hasSize(1);
            var lookedUp = harness.slack().calls("users.info").stream()
                    .map(call -> call.text("user"))
                    .filter(user -> user.startsWith("U0CAP") || user.startsWith("U0EXT"))
                    .toList();
            assertThat(lookedUp)
                    .as("one by one only those the list missed, within the tick's budget less the list's call")
                    .hasSize(PulseAudience.LOOKUPS_PER_TICK - 1)
                    .allMatch(user -> user.startsWith("U0EXT"));
            assertThat(service().audience(run.id()))
                    .as("everyone listed is in at once")
                    .isEqualTo(150);

            harness.app().pulse().tick();
            harness.app().pulse().tick();
            assertThat(harness.slack().calls("users.info"))
                    .extracting(call -> call.text("user"))
                    .filteredOn(user -> user.startsWith("U0EXT"))
                    .containsExactlyInAnyOrderElementsOf(unlisted);
            assertThat(service().audience(run.id()))
                    .as("Slack does not know the others")
                    .isEqualTo(150);
        }

        @Test
        void aRateLimitWhileLookingMembersUp_stopsTheTicksLookups_andTheNextTickGoesOn() {
            var members = List.of("U0LIM1", "U0LIM2", "U0LIM3");
            members.forEach(id -> harness.slack().addUser(id, u -> {}));
            harness.slack().setMembers("C0LIMIT", members);
            service().create(ORGANISER, tuesdayMorningDmSurvey("C0LIMIT"));
            harness.slack()
                    .failNext(
                            "users.info", 429, Map.of("Retry-After", "30"), "{\"ok\":false,\"error\":\"ratelimited\"}");

            harness.app().pulse().tick();
            var run = service().runs(service().list(FakeSlack.TEAM).get(0).id()).get(0);
            assertThat(harness.slack().calls("users.info"))
                    .filteredOn(call -> call.text("user").startsWith("U0LIM"))
                    .hasSize(1);
            assertThat(service().audience(run.id())).isZero();

            harness.app().pulse().tick();
            assertThat(service().audience(run.id())).isEqualTo(3);
        }

        @Test
        void membersSlackCouldNotLookUp_areLookedUpAgain_notDropped() {
            var flaky = List.of("U0FLAKY1", "U0FLAKY2", "U0FLAKY3");
            flaky.forEach(id -> harness.slack().addUser(id, u -> {}));
            harness.slack().setMembers("C0FLAKY", flaky);
            service().create(ORGANISER, tuesdayMorningDmSurvey("C0FLAKY"));
            harness.slack().failNext("users.info", 500, Map.of(), "{\"ok\":false,\"error\":\"internal_error\"}");

            harness.app().pulse().tick();
            var run = service().runs(service().list(FakeSlack.TEAM).get(0).id()).get(0);
            assertThat(service().audience(run.id())).isEqualTo(2);
            harness.app().pulse().tick();
            assertThat(service().audience(run.id())).isEqualTo(3);

            harness.clock().set(Instant.parse("2026-11-24T09:00:00Z"));
            harness.app().pulse().tick();
            assertThat(harness.slack().calls("chat.postMessage"))
                    .extracting(call -> call.text("channel"))
                    .containsExactlyInAnyOrderElementsOf(flaky);
        }

        @Test
        void reminders_goOnlyToThoseSentTheSurvey_neverTwiceAcrossARestart() {
            var members = List.of("U0REM1", "U0REM2", "U0REM3", "U0REM4", "U0REM5");
            members.forEach(id -> harness.slack().addUser(id, u -> {}));
            harness.slack().setMembers("C0REM", members);
            var series = create(Template.ENPS, Series.Audience.DM_CHANNEL, "C0REM", true, 3, Recurrence.ONCE);
            // The first DM fails for good: U0REM1 never got the survey, so is not reminded of it.
            harness.slack().failNext("chat.postMessage", 200, Map.of(), "{\"ok\":false,\"error\":\"user_disabled\"}");
            harness.app().pulse().tick();
            var run = service().runs(series.id()).get(0);
            harness.slack().reset();
            dmsAreLookedUpUnderTheirUser();
            harness.clock().set(run.remindAt());

            harness.app().pulse().tick();
            // An instance killed after Slack took a reminder, before it recorded it.
            TestDatabase.get()
                    .database()
                    .dsl()
                    .execute("update outbox set state = 'pending', ts = null, in_flight = true, claim_token = null"
                            + " where kind = 'pulse.reminder' and channel = 'U0REM2'");
            harness.app().pulse().tick();
            harness.app().pulse().tick();

            var reminded = harness.slack().calls("chat.postMessage");
            assertThat(reminded)
                    .allSatisfy(call -> assertThat(call.text("text")).contains("A reminder"));
            assertThat(reminded)
                    .extracting(call -> call.text("channel"))
                    .containsExactly("U0REM2", "U0REM3", "U0REM4", "U0REM5");
            assertThat(harness.slack().calls("conversations.history")).hasSize(1);
        }

        static SeriesDraft tuesdayMorningDmSurvey(String channel) {
            return new SeriesDraft(
                    Optional.of(Template.ENPS),
                    "",
                    Optional.of(Series.Audience.DM_CHANNEL),
                    Optional.of(channel),
                    true,
                    3,
                    3,
                    Recurrence.ONCE,
                    Optional.of(java.time.DayOfWeek.TUESDAY),
                    LocalTime.of(9, 0),
                    ZoneId.of("Europe/London"));
        }

        @Test
        void dmsGoOutAtTheOpeningTime_inEachRecipientsOwnTimeZone() {
            harness.slack().setMembers("C0WORLD", List.of(TOKYO, PACIFIC));
            var draft = new SeriesDraft(
                    Optional.of(Template.ENPS),
                    "",
                    Optional.of(Series.Audience.DM_CHANNEL),
                    Optional.of("C0WORLD"),
                    true,
                    3,
                    3,
                    Recurrence.ONCE,
                    Optional.of(java.time.DayOfWeek.TUESDAY),
                    LocalTime.of(9, 0),
                    ZoneId.of("Europe/London"));
            service().create(ORGANISER, draft);
            // Monday 23 Nov 10:00 UTC: the run (Tuesday 09:00) is created within a day of opening.
            harness.app().pulse().tick();
            assertThat(harness.slack().calls("chat.postMessage")).isEmpty();

            harness.clock().set(Instant.parse("2026-11-24T00:00:00Z")); // 09:00 in Tokyo
            harness.app().pulse().tick();
            assertThat(harness.slack().calls("chat.postMessage"))
                    .extracting(call -> call.text("channel"))
                    .containsExactly(TOKYO);

            harness.clock().set(Instant.parse("2026-11-24T17:00:00Z")); // 09:00 in Los Angeles
            harness.app().pulse().tick();
            assertThat(harness.slack().calls("chat.postMessage"))
                    .extracting(call -> call.text("channel"))
                    .containsExactly(TOKYO, PACIFIC);
        }

        @Test
        void reminder_goesOnceToThoseWhoHaveNotAnswered_twoThirdsIn() {
            harness.slack().setMembers("C0ALL", List.of(ALICE, BOB, CAROL));
            var series = create(Template.ENPS, Series.Audience.DM_CHANNEL, "C0ALL", true, 3, Recurrence.ONCE);
            harness.app().pulse().tick();
            var run = service().runs(series.id()).get(0);
            click(ALICE, run, 1, 9);
            harness.slack().reset();

            harness.clock().set(run.opensAt().plus(Duration.ofHours(47)));
            harness.app().pulse().tick();
            assertThat(harness.slack().calls("chat.postMessage")).isEmpty();
            harness.clock().set(run.opensAt().plus(Duration.ofHours(48)));
            harness.app().pulse().tick();
            harness.app().pulse().tick();

            assertThat(harness.slack().calls("chat.postMessage"))
                    .extracting(call -> call.text("channel"))
                    .containsExactly(BOB, CAROL);
        }
    }

    @Nested
    class Running {
        @Test
        void dmSurveyResults_goToTheCreatorAndTheLeaders() {
            harness.send().command("/cx", "leaders add <@" + CAROL + ">", ADMIN);
            harness.slack().setMembers("C0ALL", List.of(ALICE, BOB, CAROL));
            var series = create(Template.ENPS, Series.Audience.DM_CHANNEL, "C0ALL", true, 3, Recurrence.ONCE);
            harness.app().pulse().tick();
            var run = service().runs(series.id()).get(0);
            harness.slack().reset();

            closeAndTick(run);

            assertThat(harness.slack().calls("chat.postMessage"))
                    .extracting(call -> call.text("channel"))
                    .containsExactly(ADMIN, CAROL);
            assertThat(harness.slack().calls("chat.update")).hasSize(3);
        }

        @Test
        void channelReminder_isAThreadReplyThatNamesNobody() {
            var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
            click(ALICE, run, 1, 9);
            harness.slack().reset();

            harness.clock().set(run.remindAt());
            harness.app().pulse().tick();

            var reminder = harness.slack().only("chat.postMessage");
            assertThat(reminder.text("thread_ts")).isNotBlank();
            assertThat(reminder.text("text")).contains("closes soon").doesNotContain("<@");
        }

        @Test
        void pauseSkipsRuns_untilResumed() {
            harness.slack().setMembers(TEAM_CHANNEL, List.of(ALICE, BOB, CAROL));
            var series = create(Template.ENPS, Series.Audience.CHANNEL, TEAM_CHANNEL, true, 3, Recurrence.WEEKLY);
            harness.app().pulse().tick();

            harness.send().command("/pulse", "pause " + series.id(), ALICE);
            assertThat(lastAnswer()).contains("Only admins and leaders");
            harness.send().command("/pulse", "pause " + series.id(), ADMIN);
            assertThat(lastAnswer()).contains("paused");
            harness.clock().advance(Duration.ofDays(15));
            harness.app().pulse().tick();
            assertThat(service().runs(series.id())).hasSize(1);

            harness.send().command("/pulse", "resume " + series.id(), ADMIN);
            harness.app().pulse().tick();
            assertThat(service().runs(series.id())).hasSize(1);
            harness.clock().advance(Duration.ofDays(7));
            harness.app().pulse().tick();
            assertThat(service().runs(series.id())).hasSize(2);
        }

        @Test
        void anAudienceSlackCouldNotList_isListedAgainOnTheNextTick() {
            harness.slack().setMembers(TEAM_CHANNEL, List.of(ALICE, BOB, CAROL));
            harness.slack()
                    .failNext("conversations.members", 200, Map.of(), "{\"ok\":false,\"error\":\"internal_error\"}");
            var series = create(Template.ENPS, Series.Audience.CHANNEL, TEAM_CHANNEL, true, 3, Recurrence.ONCE);

            harness.app().pulse().tick();
            var run = service().runs(series.id()).get(0);
            assertThat(service().audience(run.id())).isZero();
            assertThat(harness.slack().calls("chat.postMessage")).isEmpty();
            harness.app().pulse().tick();

            assertThat(FakeSlack.allText(
                            harness.slack().only("chat.postMessage").params()))
                    .contains("0 of 3 answered");
        }

        @Test
        void openingsMissedDuringDowntime_areSkipped_notPostedAndClosedAtOnce() {
            harness.slack().setMembers(TEAM_CHANNEL, List.of(ALICE, BOB, CAROL));
            var weekly = create(Template.ENPS, Series.Audience.CHANNEL, TEAM_CHANNEL, true, 3, Recurrence.WEEKLY);
            var once = create(Template.ENPS, Series.Audience.CHANNEL, TEAM_CHANNEL, true, 3, Recurrence.ONCE);
            harness.slack().reset();

            harness.clock().advance(Duration.ofDays(4)); // the first runs closed a day ago: the bot was down
            harness.app().pulse().tick();

            assertThat(harness.slack().calls("chat.postMessage")).isEmpty();
            assertThat(service().runs(weekly.id())).isEmpty();
            assertThat(service().runs(once.id())).isEmpty();
            harness.clock().set(Harness.START.plus(Duration.ofDays(7)));
            harness.app().pulse().tick();
            assertThat(service().runs(weekly.id()))
                    .singleElement()
                    .satisfies(run -> assertThat(run.opensAt()).isEqualTo(Harness.START.plus(Duration.ofDays(7))));
            assertThat(harness.slack().only("chat.postMessage").text("channel")).isEqualTo(TEAM_CHANNEL);
        }

        @Test
        void listAndClose() {
            var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);

            assertThat(harness.send().command("/pulse", "list", ALICE).text())
                    .contains("eNPS", "run #" + run.id(), "0 of 3 answered");
            harness.send().command("/pulse", "close " + run.id(), ALICE);
            assertThat(lastAnswer()).contains("Only admins and leaders");
            harness.send().command("/pulse", "close " + run.id(), ADMIN);
            assertThat(lastAnswer()).contains("closed");
            assertThat(service().run(FakeSlack.TEAM, run.id()).orElseThrow().closed())
                    .isTrue();
            harness.send().command("/pulse", "close " + run.id(), ADMIN);
            assertThat(lastAnswer()).contains("closed already");
        }

        @Test
        void resultsOfAnOpenRun_areRefused_soNobodyCanDiffThemAroundAClick() {
            var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
            click(ALICE, run, 1, 9);
            click(BOB, run, 1, 10);
            click(CAROL, run, 1, 2);

            harness.send().command("/pulse", "results " + run.id(), ADMIN);

            var calls = harness.slack().calls("response_url");
            var reply = calls.get(calls.size() - 1).params();
            assertThat(reply.path("response_type").asText()).isEqualTo("ephemeral");
            assertThat(reply.path("text").asText()).contains("still open").doesNotContain("eNPS", "promoters");
        }

        @Test
        void dmSurveyResults_areOnlyForTheCreatorLeadersAndAdmins() {
            harness.send().command("/cx", "leaders add <@" + CAROL + ">", ADMIN);
            harness.slack().setMembers("C0ALL", List.of(ALICE, BOB, CAROL));
            var series = create(Template.ENPS, Series.Audience.DM_CHANNEL, "C0ALL", true, 3, Recurrence.ONCE);
            harness.app().pulse().tick();
            var run = service().runs(series.id()).get(0);
            click(ALICE, run, 1, 9);
            click(BOB, run, 1, 10);
            click(CAROL, run, 1, 2);
            closeAndTick(run);

            harness.send().command("/pulse", "results " + run.id(), ALICE);
            assertThat(lastAnswer())
                    .contains("go to its creator, the leaders and the admins")
                    .doesNotContain("eNPS");
            harness.send().command("/pulse", "results " + run.id(), CAROL);
            assertThat(lastAnswer()).contains("eNPS +33");
            harness.send().command("/pulse", "results " + run.id(), ADMIN);
            assertThat(lastAnswer()).contains("eNPS +33");
        }

        @Test
        void badCommands_areExplained() {
            assertThat(harness.send().command("/pulse", "results", ADMIN).text())
                    .contains("Give the survey's number");
            assertThat(harness.send().command("/pulse", "launch", ADMIN).text()).contains("/pulse help");
            assertThat(harness.send().command("/pulse", "", ADMIN).text()).contains("/pulse new");
        }
    }

    /**
     * The fake Slack keeps a DM's messages under the person's id: their DM conversation is answered as that id, so
     * that looking for a DM in doubt reads the history its post went to, as it does in Slack.
     */
    static void dmsAreLookedUpUnderTheirUser() {
        harness.slack().answer("conversations.open", params -> {
            var answer = JSON.createObjectNode().put("ok", true);
            answer.putObject("channel").put("id", params.path("users").asText());
            return answer;
        });
    }
}
