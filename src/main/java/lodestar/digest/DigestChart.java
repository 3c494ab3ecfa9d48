package lodestar.digest;

import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/** The digest's 8-week trend as a PNG (XChart): kudos, giving participation, eNPS and the CX culture index. */
final class DigestChart {
    private static final DateTimeFormatter WEEK = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private DigestChart() {}

    /** The chart, its weeks labelled in {@code zone} (the recipient's). */
    static byte[] png(List<Figures> trend, ZoneId zone) throws IOException {
        CategoryChart chart = new CategoryChartBuilder()
                .width(900)
                .height(420)
                .title("Customer culture: the last 8 weeks")
                .xAxisTitle("Week starting")
                .yAxisTitle("Kudos / % / eNPS / index")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        List<String> weeks = new ArrayList<>();
        List<Number> kudos = new ArrayList<>();
        List<Number> participation = new ArrayList<>();
        List<Number> enps = new ArrayList<>();
        List<Number> index = new ArrayList<>();
        for (Figures week : trend) {
            weeks.add(WEEK.format(week.from().atZone(zone)));
            kudos.add(week.kudos());
            participation.add(orNull(week.givingParticipation()));
            enps.add(week.enps().orElse(null));
            index.add(week.index().value().orElse(null));
        }
        chart.addSeries("Kudos given", weeks, kudos);
        chart.addSeries("Giving participation %", weeks, participation);
        chart.addSeries("eNPS", weeks, enps);
        chart.addSeries("CX culture index", weeks, index);
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    private static Number orNull(Optional<Double> value) {
        return value.map(v -> (Number) Math.round(v)).orElse(null);
    }
}
