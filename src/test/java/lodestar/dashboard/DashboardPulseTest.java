package lodestar.dashboard;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import lodestar.pulse.PulseService;
import lodestar.pulse.Recurrence;
import lodestar.pulse.Series;
import lodestar.pulse.SeriesDraft;
import lodestar.pulse.Template;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.workspace.Actor;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pulse results on the dashboard and in its export: run by run, never below the minimum group size. */
class DashboardPulseTest {
    @RegisterExtension
    static final Harness harness = Harness.withSignIn();

    private static final DashboardClient browser = new DashboardClient(harness);

    private static HttpResponse<String> get(String path, String cookie) throws Exception {
        return browser.get(path, cookie);
    }

    private static String signIn(String user) throws Exception {
        return browser.signIn(user);
    }

    @Test
    void aRunBelowItsMinimumGroupSize_saysNotEnoughAnswers_onThePageAndInTheExport() throws Exception {
        var service = harness.app().pulse().service();
        harness.slack().setMembers("C0PULSE", List.of(ALICE, BOB, CAROL));
        var created = (PulseService.Created.Done) service.create(
                new Actor(FakeSlack.TEAM, null, ADMIN),
                new SeriesDraft(
                        Optional.of(Template.ENPS),
                        "",
                        Optional.of(Series.Audience.CHANNEL),
                        Optional.of("C0PULSE"),
                        true,
                        3,
                        1,
                        Recurrence.WEEKLY,
                        Optional.empty(),
                        LocalTime.of(9, 0),
                        ZoneId.of("Europe/London")));
        harness.app().pulse().tick();
        var first = service.runs(created.series().id()).get(0);
        for (String person : List.of(ALICE, BOB, CAROL)) {
            service.answer(new Actor(FakeSlack.TEAM, null, person), first.id(), 1, 10, null);
        }
        harness.clock().set(first.closesAt().plus(Duration.ofMinutes(1)));
        harness.app().pulse().tick();
        harness.clock().set(first.opensAt().plus(Duration.ofDays(7)).plus(Duration.ofMinutes(1)));
        harness.app().pulse().tick();
        var second = service.runs(created.series().id()).get(1);
        service.answer(new Actor(FakeSlack.TEAM, null, ALICE), second.id(), 1, 2, null);
        harness.clock().set(second.closesAt().plus(Duration.ofMinutes(1)));
        harness.app().pulse().tick();
        String session = signIn(ADMIN);

        var page = get("/dashboard/pulse", session);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("eNPS +100", "100% (3 of 3)")
                .contains("<td>" + PulseTable.NOT_ENOUGH + "</td>", "33% (1 of 3)")
                .doesNotContain("eNPS -100");
        var csv = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(
                        get("/dashboard/export/pulse.csv", session).body()))
                .getRecords();
        assertThat(csv)
                .extracting(r -> r.get("answered") + " " + r.get("result"))
                .as("the score and the comment question of each run; nobody commented")
                .containsExactly(
                        "3 eNPS 100",
                        "3 " + PulseTable.NOT_ENOUGH,
                        "1 " + PulseTable.NOT_ENOUGH,
                        "1 " + PulseTable.NOT_ENOUGH);
    }
}
