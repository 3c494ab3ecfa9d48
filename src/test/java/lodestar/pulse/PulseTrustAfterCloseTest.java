package lodestar.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.IntStream;
import lodestar.db.schema.Tables;
import lodestar.testing.FakeSlack;
import org.junit.jupiter.api.Test;

/** Once a survey closes, only its tallies remain; comments name their authors only when the survey said it would. */
class PulseTrustAfterCloseTest extends PulseTrustFixture {
    @Test
    void afterClose_noRowKeyOrOldRowVersionRemains_andTheTalliesAreWhatWasAnswered() throws Exception {
        var people = people(5);
        var run = answeredByEveryone(people);
        var keys = dsl().fetchValues(Tables.PULSE_ANSWER.ANSWER_KEY);

        harness.clock().set(run.closesAt().plusSeconds(60));
        harness.app().pulse().tick();

        assertThat(dsl().fetchCount(Tables.PULSE_ANSWER)).isZero();
        assertThat(dsl().fetchCount(Tables.PULSE_ANSWER_V7) + dsl().fetchCount(Tables.PULSE_PARTICIPATION_V7))
                .isZero();
        assertThat(dsl().select(Tables.PULSE_TALLY.VALUE, Tables.PULSE_TALLY.COUNT)
                        .from(Tables.PULSE_TALLY)
                        .fetchMap(Tables.PULSE_TALLY.VALUE, Tables.PULSE_TALLY.COUNT))
                .isEqualTo(Map.of(3, 1, 7, 1, 9, 1, 10, 2));
        assertThat(dsl().fetchValues(Tables.PULSE_COMMENT.TEXT))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 5)
                        .mapToObj(PulseTrustFixture::commentOf)
                        .toList());
        assertThat(dsl().fetchValues(Tables.PULSE_COMMENT.AUTHOR)).containsOnlyNulls();
        assertThat(dsl().selectFrom(Tables.PULSE_RUN).fetchSingle().getRespondents())
                .isEqualTo(5);
        // No key is left anywhere: not in a row, and not in an old row version in the files of any table or index.
        var dump = dump();
        var files = rawFiles();
        assertThat(contains(files, "marmalade-0".getBytes(StandardCharsets.UTF_8)))
                .as("the scan finds what is there: the comments, kept as results")
                .isTrue();
        for (String key : keys) {
            assertThat(dump).doesNotContain(key);
            assertThat(contains(files, key.getBytes(StandardCharsets.UTF_8)))
                    .as("a raw file still holds an answer key")
                    .isFalse();
        }
        // What the channel is told is the tallies: eNPS from 3 promoters and 1 detractor of 5 is +40.
        var posted = FakeSlack.allText(harness.slack()
                .calls("chat.postMessage")
                .get(harness.slack().calls("chat.postMessage").size() - 1)
                .params());
        assertThat(posted).contains("eNPS +40", "5 of 5");
    }

    @Test
    void aSurveyThatSaysItIsNotAnonymous_showsWhoWroteEachComment() {
        var people = people(3);
        harness.slack().setMembers(CHANNEL, people);
        var series = create(false, 3);
        harness.app().pulse().tick();
        var run = harness.app().pulse().service().runs(series.id()).get(0);
        for (String person : people) {
            comment(person, run, 2, "Named comment by " + person);
        }

        harness.clock().set(run.closesAt().plusSeconds(60));
        harness.app().pulse().tick();

        var posted = FakeSlack.allText(harness.slack()
                .calls("chat.postMessage")
                .get(harness.slack().calls("chat.postMessage").size() - 1)
                .params());
        for (String person : people) {
            assertThat(posted).contains("Named comment by " + person + " — <@" + person + ">");
        }
    }
}
