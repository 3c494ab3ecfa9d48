package lodestar.pulse;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lodestar.db.schema.Tables;
import lodestar.testing.FakeSlack;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Test;

/**
 * The results of a closed survey: the figures and their change since the last run, shown only where enough people
 * answered, with typed text that pings nobody; nothing stored links an answer to a person.
 */
class PulseResultsTest extends PulseFixture {
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

    @Test
    void enpsOnKnownData_isPlusForty() {
        var run = answered(3, 1, 1, 5);

        closeAndTick(run);

        var results = FakeSlack.allText(
                harness.slack().calls("chat.postMessage").get(0).params());
        assertThat(results)
                .contains(
                        "eNPS +40", "promoters 60%", "passives 20%", "detractors 20%", "Response rate *83%* (5 of 6)");
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
                "scale: How likely are you to recommend working here to a friend?\ncomment: Anything else?",
                TEAM_CHANNEL,
                5,
                Recurrence.ONCE);
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
