package lodestar.testing;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lodestar.pulse.PulseService;
import lodestar.pulse.Recurrence;
import lodestar.pulse.Series;
import lodestar.pulse.SeriesDraft;
import lodestar.pulse.Template;
import lodestar.workspace.Actor;

/**
 * Weekly pulse surveys as a workspace runs them, through the pulse service and its tick: each run opens on its day,
 * is answered by Alice, Bob and Carol (the minimum group, 3) and closes a day later, counted.
 */
public final class PulseSeeds {
    static final String CHANNEL = "C0SURVEYS";
    private static final List<String> PEOPLE = List.of(ALICE, BOB, CAROL);

    private final Harness harness;

    public PulseSeeds(Harness harness) {
        this.harness = harness;
    }

    /**
     * Six surveys a week (five eNPS, one CX belief) for the 8 weeks before {@code end}: 48 runs, more than the latest
     * 40 that a pulse summary with no start reads.
     */
    public void sixWeeklySurveysForEightWeeksBefore(Instant end) {
        weekly(
                end.minus(java.time.Duration.ofDays(56)),
                8,
                10,
                List.of(Template.ENPS, Template.ENPS, Template.ENPS, Template.ENPS, Template.ENPS, Template.CX_BELIEF));
    }

    /**
     * Runs {@code surveys} weekly for {@code weeks} weeks from {@code start} (at 09:00 UTC that day), leaving the clock
     * at the end of the last run. Everyone answers eNPS with {@code score} and every CX-belief statement with 5.
     */
    public void weekly(Instant start, int weeks, int score, List<Template> surveys) {
        harness.slack().setMembers(CHANNEL, PEOPLE);
        var pulse = harness.app().pulse().service();
        var first = start.atZone(ZoneOffset.UTC).with(LocalTime.of(9, 0)).toInstant();
        harness.clock().set(first);
        List<Series> series = new ArrayList<>();
        for (var template : surveys) {
            var created = pulse.create(new Actor(FakeSlack.TEAM, null, ADMIN), draft(template));
            assertThat(created).isInstanceOf(PulseService.Created.Done.class);
            series.add(((PulseService.Created.Done) created).series());
        }
        for (int week = 0; week < weeks; week++) {
            var opens = first.plus(Duration.ofDays(7L * week));
            harness.clock().set(opens.plus(Duration.ofMinutes(1)));
            harness.app().pulse().tick();
            for (var one : series) {
                var runs = pulse.runs(one.id());
                var run = runs.get(runs.size() - 1);
                assertThat(run.opensAt()).isEqualTo(opens);
                for (String person : PEOPLE) {
                    var actor = new Actor(FakeSlack.TEAM, null, person);
                    for (var question : one.questions()) {
                        switch (question.kind()) {
                            case SCALE10 -> pulse.answer(actor, run.id(), question.position(), score, null);
                            case AGREE5 -> pulse.answer(actor, run.id(), question.position(), 5, null);
                            default -> {}
                        }
                    }
                }
            }
            harness.clock().set(opens.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(1)));
            harness.app().pulse().tick();
        }
    }

    private static SeriesDraft draft(Template template) {
        return new SeriesDraft(
                Optional.of(template),
                "",
                Optional.of(Series.Audience.CHANNEL),
                Optional.of(CHANNEL),
                true,
                SeriesDraft.MIN_GROUP_FLOOR,
                1,
                Recurrence.WEEKLY,
                Optional.empty(),
                LocalTime.of(9, 0),
                ZoneOffset.UTC);
    }
}
