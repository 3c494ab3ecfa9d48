package lodestar.quotes;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import lodestar.testing.FakeSlack;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * {@code /quote schedule}: only admins schedule or post, in their own time zone unless they name one, and a
 * daily quote keeps its local time across a daylight saving change.
 */
class QuoteScheduleCommandTest extends QuoteFixture {
    @Test
    void memberCannotSchedule() {
        assertThat(quote("schedule <#" + DAILY + "|daily> 09:00", ALICE)).contains("Only workspace admins");
        assertThat(harness.app().quotes().service().schedules(FakeSlack.TEAM)).isEmpty();
    }

    @Test
    void memberCannotPostNow_norRemoveASchedule() {
        add("The new export saved my team a full day.", Sentiment.PRAISE);
        quote("schedule <#" + DAILY + "|daily> 09:00", ADMIN);
        harness.slack().reset();

        assertThat(quote("post <#" + DAILY + "|daily>", ALICE)).contains("Only workspace admins");
        assertThat(quote("schedule remove <#" + DAILY + "|daily>", ALICE)).contains("Only workspace admins");

        assertThat(posted(DAILY)).isEmpty();
        assertThat(harness.app().quotes().service().schedule(FakeSlack.TEAM, DAILY))
                .isPresent();
        assertThat(harness.app().quotes().service().nextPost(FakeSlack.TEAM, DAILY))
                .isPresent();
    }

    @Test
    void adminSchedules_inTheirOwnTimeZoneByDefault_andListShowsTheNextPost() {
        assertThat(quote("schedule <#" + DAILY + "|daily> 09:00", ADMIN))
                .contains(
                        "<#" + DAILY + "> at 09:00 Europe/London, weekdays",
                        "; the first on ",
                        "at 09:00 Europe/London.");

        assertThat(harness.send().command("/quote", "schedule list", ALICE).text())
                .contains("<#" + DAILY + "> at 09:00 Europe/London, weekdays — next");
        harness.slack().reset();
        assertThat(quote("schedule remove <#" + DAILY + "|daily>", ADMIN)).contains("No more daily quotes");
        assertThat(harness.app().quotes().service().nextPost(FakeSlack.TEAM, DAILY))
                .isEmpty();
    }

    @Test
    void badTimesZonesAndDays_areExplained() {
        assertThat(harness.send().command("/quote", "schedule <#C1> 9am", ADMIN).text())
                .contains("24-hour HH:MM");
        assertThat(harness.send()
                        .command("/quote", "schedule <#C1> 09:00 Mars/Base", ADMIN)
                        .text())
                .contains("not a time zone");
        assertThat(harness.send()
                        .command("/quote", "schedule <#C1> 09:00 funday", ADMIN)
                        .text())
                .contains("not a set of days");
    }

    @Test
    void mentionsTypedWhereAWordIsExpected_areRepeatedWithoutPinging_andNothingIsScheduled() {
        for (String mention : new String[] {"<!here>", "<!channel>", "<!everyone>", "<!subteam^S1|@support>"}) {
            assertThat(harness.send().command("/quote", mention, ADMIN).text())
                    .as(mention)
                    .contains("I don't know `/quote @")
                    .doesNotContain("<!");
            assertThat(harness.send()
                            .command("/quote", "schedule <#C1> " + mention, ADMIN)
                            .text())
                    .as(mention)
                    .contains("is not a time")
                    .doesNotContain("<!");
            assertThat(harness.send()
                            .command("/quote", "schedule <#C1> 09:00 " + mention, ADMIN)
                            .text())
                    .as(mention)
                    .contains("is not a set of days")
                    .doesNotContain("<!");
            assertThat(harness.send()
                            .command("/quote", "schedule <#C1> 09:00 " + mention + "/Paris", ADMIN)
                            .text())
                    .as(mention)
                    .contains("is not a time zone")
                    .doesNotContain("<!");
        }
        assertThat(harness.app().quotes().service().schedules(FakeSlack.TEAM)).isEmpty();
    }

    @Test
    void utcIsAZone_andAbbreviationsGetAZoneMessage() {
        assertThat(quote("schedule <#C0UTC|utc> 09:00 UTC daily", ADMIN)).contains("<#C0UTC> at 09:00 UTC");
        assertThat(harness.send()
                        .command("/quote", "schedule <#C0EST> 09:00 EST", ADMIN)
                        .text())
                .contains("`EST` is neither a time zone I know nor a set of days", "America/New_York");
        assertThat(harness.app().quotes().service().schedules(FakeSlack.TEAM))
                .extracting(Schedule::channelId)
                .containsExactly("C0UTC");
    }

    @Test
    void ownTimeZoneLookupFails_isExplained_andNothingIsScheduled() {
        assertThat(quote("schedule <#" + DAILY + "|daily> 09:00", "U0NOBODY"))
                .contains("couldn't look up your time zone", "nothing was scheduled", "Europe/Paris");
        assertThat(harness.app().quotes().service().schedules(FakeSlack.TEAM)).isEmpty();
    }

    @Test
    void nineOClockInNewYork_staysNineAcrossTheDaylightSavingChange() throws Exception {
        quote("schedule <#" + DAILY + "|daily> 09:00 America/New_York weekdays", ADMIN);
        // The trigger as Quartz stored it, not one built again from the schedule.
        var stored = TestDatabase.get()
                .database()
                .dsl()
                .fetchSingle(
                        "select cron_expression, time_zone_id from qrtz_cron_triggers where trigger_name = ?",
                        QuoteService.key(FakeSlack.TEAM, DAILY).getName());
        assertThat(stored.get(1, String.class)).isEqualTo("America/New_York");
        var cron = new org.quartz.CronExpression(stored.get(0, String.class));
        cron.setTimeZone(java.util.TimeZone.getTimeZone(stored.get(1, String.class)));

        var fireTimes = new ArrayList<Instant>();
        var after = java.util.Date.from(Instant.parse("2026-10-29T00:00:00Z"));
        for (int i = 0; i < 4; i++) {
            after = cron.getTimeAfter(after);
            fireTimes.add(after.toInstant());
        }

        assertThat(fireTimes)
                .containsExactly(
                        Instant.parse("2026-10-29T13:00:00Z"), // Thu, EDT
                        Instant.parse("2026-10-30T13:00:00Z"), // Fri, EDT
                        Instant.parse("2026-11-02T14:00:00Z"), // Mon, EST after the change on Sun 1 Nov
                        Instant.parse("2026-11-03T14:00:00Z"));
    }
}
