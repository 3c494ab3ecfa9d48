package lodestar.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import lodestar.testing.FakeSlack;
import org.junit.jupiter.api.Test;

/**
 * A channel survey's count of answers: updated after each answer, never waiting out a rate limit on the threads that
 * open forms, and never landing on a survey that closed meanwhile (which would show its buttons again).
 */
class PulseCountTest extends PulseFixture {
    @Test
    void aCountWhoseSurveyClosedMeanwhile_isNotShown_overTheClosedSurvey() {
        var everyone = people(4);
        var run = openChannelSurvey(everyone, 3);
        harness.holdAfterAck();
        click(everyone.get(0), run, 1, 9);
        closeAndTick(run);
        harness.slack().reset();

        harness.runAfterAck();

        assertThat(harness.slack().calls("chat.update")).isEmpty();
    }

    @Test
    void aRateLimitedCount_isNotWaitedFor_theNextAnswerPutsItRight() {
        var everyone = people(4);
        var run = openChannelSurvey(everyone, 3);
        harness.slack().reset();
        harness.slack()
                .failNext("chat.update", 429, Map.of("Retry-After", "30"), "{\"ok\":false,\"error\":\"ratelimited\"}");

        click(everyone.get(0), run, 1, 9);
        click(everyone.get(1), run, 1, 8);

        assertThat(harness.sleeps()).isEmpty();
        var updates = harness.slack().calls("chat.update");
        assertThat(FakeSlack.allText(updates.get(updates.size() - 1).params())).contains("2 of 4");
    }
}
