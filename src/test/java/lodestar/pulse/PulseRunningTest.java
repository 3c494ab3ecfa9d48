package lodestar.pulse;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import org.junit.jupiter.api.Test;

/**
 * Running a series: pausing and resuming it, openings missed while the bot was down, a reminder in the channel, who a
 * DM survey's results go to, and {@code /pulse list}, {@code close} and {@code results} with who may use them.
 */
class PulseRunningTest extends PulseFixture {
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
    void channelSurveyResults_byCommand_areOnlyForTheCreatorLeadersAndAdmins_membersSeeThemInTheChannel() {
        var run = answered(2, 0, 1, 3);
        closeAndTick(run);

        harness.send().command("/pulse", "results " + run.id(), BOB);
        assertThat(lastAnswer())
                .contains("are posted in its channel", "its creator, the leaders and the admins")
                .doesNotContain("eNPS");
        harness.send().command("/pulse", "results " + run.id(), ADMIN);
        assertThat(lastAnswer()).contains("eNPS +33");
    }

    @Test
    void badCommands_areExplained() {
        assertThat(harness.send().command("/pulse", "results", ADMIN).text()).contains("Give the survey's number");
        assertThat(harness.send().command("/pulse", "launch", ADMIN).text()).contains("/pulse help");
        assertThat(harness.send().command("/pulse", "", ADMIN).text()).contains("/pulse new");
    }
}
