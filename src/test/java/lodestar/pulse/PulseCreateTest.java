package lodestar.pulse;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import lodestar.db.schema.Tables;
import lodestar.testing.FakeSlack;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Creating a survey with {@code /pulse new} and its form: who may, what the form checks, questions shown as
 * typed, and a submission that makes no Slack call before its ack (user groups come from the list loaded with
 * the form).
 */
class PulseCreateTest extends PulseFixture {
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
                .failNext("users.info", 429, Map.of("Retry-After", "30"), "{\"ok\":false,\"error\":\"ratelimited\"}");

        harness.send().command("/pulse", "new", organiser);

        assertThat(harness.slack().calls()).extracting(FakeSlack.Call::method).startsWith("users.info", "views.open");
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
            assertThat(series.anonymous()).as("no anonymity state: anonymous").isTrue();
        });
        assertThat(harness.slack().calls("chat.postMessage").get(0).text("text"))
                .contains("Pulse survey #");
    }

    /** The form of a custom channel survey in the team's channel, for 3 people at least, asking {@code questions}. */
    private static com.fasterxml.jackson.databind.node.ObjectNode customChannelSurvey(String questions) {
        var state = JSON.createObjectNode();
        state.putObject("template")
                .putObject("template")
                .putObject("selected_option")
                .put("value", "custom");
        state.putObject("questions").putObject("questions").put("value", questions);
        state.putObject("audience")
                .putObject("audience")
                .putObject("selected_option")
                .put("value", "channel");
        state.putObject("channel").putObject("channel").put("selected_conversation", TEAM_CHANNEL);
        state.putObject("min_group").putObject("min_group").put("value", "3");
        return state;
    }

    @Test
    void questionsAndOptionsWithAmpersands_areCountedAsTyped() {
        // an option of 60 characters as typed, 64 once stored ("&" as "&amp;")
        String option = "Phone & email support, answered within the hour, every day!!";
        assertThat(option).hasSize(60);
        var state = customChannelSurvey("choice: Which matters most? | " + option + " | Price & plans");

        var reply = harness.send().viewSubmission(ADMIN, "pulse_new_modal", "VP1", "", state);

        assertThat(reply.body()).isEmpty();
        assertThat(service().list(FakeSlack.TEAM))
                .singleElement()
                .satisfies(series ->
                        assertThat(series.questions().get(0).options()).hasSize(2));
    }

    @Test
    void questionsAndOptionsWithPingsAndDisguisedLinks_areShownAsTyped_pingingNobody() {
        var everyone = people(3);
        harness.slack().setMembers(TEAM_CHANNEL, everyone);
        var state = customChannelSurvey(
                "scale: Is <@" + ADMIN + "> & <!channel> fair?\nchoice: Where? | <https://evil.example> | <!here>");
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
        var results = harness.slack().calls("chat.postMessage").get(0).params().toString();
        for (String shown : List.of(survey, results)) {
            assertThat(shown)
                    .contains("&lt;!channel&gt;")
                    .doesNotContain("<!channel>", "<!here>", "<@" + ADMIN + ">", "<https://evil.example>");
        }
        assertThat(results).contains("&lt;https://evil.example&gt;", "&lt;!here&gt;");
    }

    @Test
    void userGroupHandle_isReadFromTheListLoadedWithTheForm() {
        harness.slack().setMembers("S0SUPPORT", List.of(ALICE, BOB, CAROL));
        harness.send().command("/pulse", "new", ADMIN);
        assertThat(harness.slack().calls("usergroups.list")).hasSize(1);
        assertThat(harness.slack().only("usergroups.list").text("team_id"))
                .as("an org-wide install's token lists nothing without it")
                .isEqualTo(FakeSlack.TEAM);

        var reply =
                harness.send().viewSubmission(ADMIN, "pulse_new_modal", "VP1", "", surveyForm("dm_usergroup", "@nope"));
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
        var reply =
                harness.send().viewSubmission(ALICE, "pulse_new_modal", "VP1", "", surveyForm("channel", TEAM_CHANNEL));

        assertThat(reply.body()).isEmpty();
        assertThat(harness.slack().only("chat.postMessage").text("text")).contains("only admins and leaders");
        assertThat(service().list(FakeSlack.TEAM)).isEmpty();
    }
}
