package lodestar.pulse;

import static lodestar.testing.Users.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the Pulse tests share: the bot, started once for each test class that extends this one (as
 * {@link Harness} does for any class that registers it), and the steps that create, open, answer and close
 * surveys.
 */
abstract class PulseFixture {
    @RegisterExtension
    static final Harness harness = new Harness();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TEAM_CHANNEL = "C0TEAM";
    static final Actor ORGANISER = new Actor(FakeSlack.TEAM, null, ADMIN);

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

    static Series created(SeriesDraft draft) {
        var created = service().create(ORGANISER, draft);
        assertThat(created).isInstanceOf(PulseService.Created.Done.class);
        return ((PulseService.Created.Done) created).series();
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

    /**
     * A channel eNPS survey: {@code promoters} answer 10, {@code passives} 7 and {@code detractors} 2, and
     * one more person does not answer; what Slack was sent so far is forgotten.
     */
    static Run answered(int promoters, int passives, int detractors, int minGroup) {
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
}
