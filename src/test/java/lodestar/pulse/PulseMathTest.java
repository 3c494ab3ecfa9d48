package lodestar.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class PulseMathTest {
    private static long[] scores(int... answers) {
        long[] counts = new long[11];
        for (int answer : answers) {
            counts[answer]++;
        }
        return counts;
    }

    @Test
    void enps_threePromotersOnePassiveOneDetractor_isPlusForty() {
        assertThat(PulseMath.enps(scores(9, 10, 10, 7, 3))).isEqualTo(40);
    }

    @Test
    void enps_spansMinusToPlusHundred() {
        assertThat(PulseMath.enps(scores(0, 6))).isEqualTo(-100);
        assertThat(PulseMath.enps(scores(9, 10))).isEqualTo(100);
        assertThat(PulseMath.enps(scores())).isZero();
    }

    @Test
    void agreement_meanToOneDecimal_andFavourableShare() {
        long[] counts = {1, 0, 1, 2, 1}; // one 1, one 3, two 4s, one 5
        assertThat(PulseMath.mean(counts)).isEqualTo(3.4);
        assertThat(PulseMath.favourable(counts)).isEqualTo(60.0);
    }

    @Test
    void beliefScore_isTheMeanFavourableShare() {
        assertThat(PulseMath.beliefScore(List.of(60.0, 80.0, 100.0)).getAsDouble())
                .isEqualTo(80.0);
        assertThat(PulseMath.beliefScore(List.of())).isEmpty();
    }

    @Test
    void monthly_isTheFirstSameWeekdayOfNextMonth_atTheSameLocalTime() {
        var first = ZonedDateTime.of(2026, 10, 5, 9, 0, 0, 0, ZoneId.of("America/New_York")); // Monday
        assertThat(Recurrence.MONTHLY.next(first, LocalTime.of(9, 0)))
                .hasValue(ZonedDateTime.of(2026, 11, 2, 9, 0, 0, 0, ZoneId.of("America/New_York")));
        assertThat(Recurrence.WEEKLY.next(
                        ZonedDateTime.of(2026, 10, 26, 9, 0, 0, 0, ZoneId.of("America/New_York")), LocalTime.of(9, 0)))
                .hasValueSatisfying(next -> assertThat(next.getHour()).isEqualTo(9));
        assertThat(Recurrence.ONCE.next(first, LocalTime.of(9, 0))).isEmpty();
    }

    @Test
    void weeklyAt9InBerlin_opensAt9LocalTime_inTheWeeksAfterBothDaylightSavingChanges() {
        var berlin = ZoneId.of("Europe/Berlin");
        var nine = LocalTime.of(9, 0);
        var opening = ZonedDateTime.of(2026, 10, 19, 9, 0, 0, 0, berlin); // CEST
        for (int week = 0; week < 30; week++) { // past the end of October and the end of March
            opening = Recurrence.WEEKLY.next(opening, nine).orElseThrow();
            assertThat(opening.toLocalTime())
                    .as("week of %s", opening.toLocalDate())
                    .isEqualTo(nine);
        }
        assertThat(opening.toLocalDate()).isAfter(java.time.LocalDate.of(2027, 3, 28));
    }

    @Test
    void anOpeningThatAGapMoved_doesNotMoveTheOnesAfterIt() {
        var berlin = ZoneId.of("Europe/Berlin");
        var halfPastTwo = LocalTime.of(2, 30);
        // 02:30 on 28 March 2027 does not exist in Berlin: that opening is at 03:30
        var inTheGap = Recurrence.WEEKLY
                .next(ZonedDateTime.of(2027, 3, 21, 2, 30, 0, 0, berlin), halfPastTwo)
                .orElseThrow();
        assertThat(inTheGap.toLocalTime()).isEqualTo(LocalTime.of(3, 30));

        assertThat(Recurrence.WEEKLY.next(inTheGap, halfPastTwo).orElseThrow().toLocalTime())
                .isEqualTo(halfPastTwo);
    }
}
