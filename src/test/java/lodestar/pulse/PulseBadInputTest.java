package lodestar.pulse;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lodestar.db.schema.Tables;
import lodestar.testing.FakeSlack;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** Buttons, comments and forms that make no sense are refused with a reason, and nothing is stored. */
class PulseBadInputTest extends PulseFixture {
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
    void unknownVerbWithAMention_isRepeatedWithoutPinging_andNothingIsStored() {
        for (String mention : new String[] {"<!here>", "<!channel>", "<!subteam^S1|@support>"}) {
            var reply = harness.send().command("/pulse", mention + " now", ADMIN);

            assertThat(reply.text())
                    .as(mention)
                    .contains("I don't know `/pulse @")
                    .doesNotContain("<!");
        }
        assertThat(TestDatabase.get().database().dsl().fetchCount(Tables.PULSE_SERIES))
                .isZero();
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

        assertThat(commentOn(ALICE, run, "   ").path("errors").path("comment").asText())
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
        assertThat(submit(state).path("errors").path("open_days").asText()).contains("Keep it open from 1 to 30 days");
        state.putObject("open_days").putObject("open_days").put("value", "31");
        assertThat(submit(state).path("errors").path("open_days").asText()).contains("Keep it open from 1 to 30 days");

        assertThat(customQuestionsError("choice: Which matters most? | Speed")).contains("a choice needs 2–6 options");
        assertThat(customQuestionsError("choice: Which? | A | B | C | D | E | F | G"))
                .contains("a choice needs 2–6 options");
        assertThat(customQuestionsError("agree: One\nagree: Two\nagree: Three\nagree: Four\nagree: Five\nagree: Six"))
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
