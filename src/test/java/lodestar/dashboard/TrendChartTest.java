package lodestar.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import lodestar.digest.CultureIndex;
import lodestar.digest.Figures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The overview's chart plots each figure as the index counts it. */
class TrendChartTest {
    @ParameterizedTest
    @CsvSource({"-1, 49.5", "41, 70.5", "-100, 0.0", "100, 100.0", "0, 50.0"})
    void enps_isPlottedAsTheIndexScalesIt_withItsHalfPoints(int enps, double plotted) {
        var week = week(enps);

        var series = TrendChart.chart(List.of(week)).getSeriesMap().get("eNPS, scaled 0–100");

        assertThat(series.getYData()).extracting(Number::doubleValue).containsExactly(plotted);
        assertThat(week.index().components()).containsEntry("eNPS", plotted);
    }

    /** A week with an eNPS and nothing else. */
    private static Figures week(int enps) {
        var to = Instant.parse("2026-11-24T00:00:00Z");
        return new Figures(
                to.minus(Duration.ofDays(7)),
                to,
                0,
                Optional.empty(),
                Optional.empty(),
                0,
                0,
                Optional.empty(),
                Optional.empty(),
                0,
                0,
                0.0,
                0,
                0,
                0,
                0,
                Optional.of(enps),
                Optional.empty(),
                Optional.of(100),
                CultureIndex.of(
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(enps)));
    }
}
