package lodestar.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import lodestar.testing.FakeSlack;
import org.junit.jupiter.api.Test;

/**
 * eNPS comes only from "How likely are you to recommend working here to a friend?": any other 0–10 question of a
 * custom survey is reported by its mean, and counts toward no eNPS in the results, the digest or the culture index.
 */
class PulseScaleTest extends PulseFixture {
    private static Run answeredWith(String question, int... scores) {
        var everyone = people(scores.length + 1);
        harness.slack().setMembers(TEAM_CHANNEL, everyone);
        var series = PulseResultsTest.createCustom("scale: " + question, TEAM_CHANNEL, 3, Recurrence.ONCE);
        harness.app().pulse().tick();
        var run = service().runs(series.id()).get(0);
        for (int i = 0; i < scores.length; i++) {
            click(everyone.get(i), run, 1, scores[i]);
        }
        harness.slack().reset();
        closeAndTick(run);
        return run;
    }

    private static String results() {
        return FakeSlack.allText(
                harness.slack().calls("chat.postMessage").get(0).params());
    }

    @Test
    void anotherZeroToTenQuestion_isReportedByItsMean_andIsNoENps() {
        answeredWith("How would you rate your onboarding?", 10, 9, 2);

        assertThat(results()).contains("Mean *7.0* out of 10", "How would you rate your onboarding?");
        assertThat(results()).doesNotContain("eNPS", "promoters");
        assertThat(service().summary(FakeSlack.TEAM, harness.clock().instant()).enps())
                .isEmpty();
    }

    @Test
    void theENpsQuestionTypedIntoACustomSurvey_isENps() {
        answeredWith("How likely are you to recommend working here to a friend?", 10, 9, 2);

        assertThat(results()).contains("eNPS *+33*", "promoters");
        assertThat(service().summary(FakeSlack.TEAM, harness.clock().instant()).enps())
                .contains(33);
    }
}
