package lodestar.digest;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.PACIFIC;
import static lodestar.testing.Users.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import lodestar.testing.FakeSlack;
import org.junit.jupiter.api.Test;

/**
 * When and where the digest goes: at the digest time in each leader's own time zone, late but once after
 * downtime, from the next week to a new leader, as totals only to the leadership channel, and on a schedule
 * admins may change.
 */
class DigestScheduleTest extends DigestFixture {
    @Test
    void missedWhileDown_isSentLateOnce() {
        leadersSinceLastWeek(ALICE);
        harness.clock().set(Instant.parse("2026-11-25T15:00:00Z")); // Wednesday: the bot was down on Monday

        harness.app().digest().deliver();
        harness.app().digest().deliver();

        assertThat(digestsSent()).hasSize(1);
    }

    @Test
    void leadersGetItAtTheDigestTime_inTheirOwnTimeZone() {
        leadersSinceLastWeek(TOKYO, PACIFIC);
        harness.clock().set(Instant.parse("2026-11-23T18:00:00Z"));
        harness.app().digest().deliver(); // this week's, for both
        harness.slack().reset();
        harness.clock().set(Instant.parse("2026-11-29T23:59:00Z")); // Sunday night UTC: nobody's Monday 09:00 yet
        harness.app().digest().deliver();
        assertThat(digestsSent()).isEmpty();

        harness.clock().set(Instant.parse("2026-11-30T00:00:00Z")); // Monday 09:00 in Tokyo
        harness.app().digest().deliver();
        assertThat(digestsSent()).extracting(call -> call.text("channel")).containsExactly(TOKYO);

        harness.clock().set(Instant.parse("2026-11-30T17:00:00Z")); // Monday 09:00 in Los Angeles
        harness.app().digest().deliver();
        assertThat(digestsSent()).extracting(call -> call.text("channel")).containsExactly(TOKYO, PACIFIC);
    }

    @Test
    void leaderAddedMidWeek_getsTheNextOne() {
        harness.clock().set(Instant.parse("2026-11-25T10:00:00Z")); // Wednesday
        cx("leaders add <@" + ALICE + ">");

        harness.app().digest().deliver();
        assertThat(digestsSent()).isEmpty();

        harness.clock().set(Instant.parse("2026-11-30T09:00:00Z"));
        harness.app().digest().deliver();
        assertThat(digestsSent()).hasSize(1);
    }

    @Test
    void leadershipChannel_getsTotalsOnly() {
        leadersSinceLastWeek(ALICE);
        cx("channel digest <#C0LEADS|leadership>");
        harness.clock().set(Instant.parse("2026-11-23T12:00:00Z"));

        harness.app().digest().deliver();

        var toChannel = digestsSent().stream()
                .filter(call -> call.text("channel").equals("C0LEADS"))
                .toList();
        assertThat(toChannel)
                .singleElement()
                .satisfies(call -> assertThat(FakeSlack.allText(call.params()))
                        .contains("leaders gave kudos")
                        .doesNotContain("_You:_"));
        var toAlice = digestsSent().stream()
                .filter(call -> call.text("channel").equals(ALICE))
                .toList();
        assertThat(FakeSlack.allText(toAlice.get(0).params())).contains("_You:_");
    }

    @Test
    void digestSchedule_canBeChanged() {
        leadersSinceLastWeek(ALICE);
        cx("digest schedule friday 16:30");
        harness.clock().set(Instant.parse("2026-11-23T12:00:00Z"));
        harness.app().digest().deliver();
        assertThat(digestsSent()).isEmpty();

        harness.clock().set(Instant.parse("2026-11-27T16:30:00Z")); // Friday 16:30 in London
        harness.app().digest().deliver();
        assertThat(digestsSent()).hasSize(1);
    }

    @Test
    void badDigestCommands_areExplained() {
        assertThat(harness.send()
                        .command("/cx", "digest schedule someday 09:00", ADMIN)
                        .text())
                .contains("not a day");
        assertThat(harness.send()
                        .command("/cx", "digest schedule monday 9am", ADMIN)
                        .text())
                .contains("24-hour");
        harness.send().command("/cx", "digest schedule monday 08:00", ALICE);
        assertThat(FakeSlack.allText(harness.slack().only("response_url").params()))
                .contains("Only workspace admins");
        assertThat(Map.of()).isEmpty();
    }
}
