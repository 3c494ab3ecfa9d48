package lodestar.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lodestar.digest.Figures;
import org.jfree.svg.SVGGraphics2D;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * Kudos week by week as bars (left axis), and giving participation, receiving participation and leadership involvement
 * as lines (right axis, 0–100), drawn by XChart as SVG. The page puts a table of the same figures beside it.
 */
final class RecognitionChart {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int KUDOS_AXIS = 0;
    private static final int PERCENT_AXIS = 1;

    private RecognitionChart() {}

    static String svg(List<Figures> weeks) {
        var chart = new CategoryChartBuilder()
                .width(900)
                .height(400)
                .title("Kudos and participation")
                .xAxisTitle("Week ending")
                .build();
        chart.setYAxisGroupTitle(KUDOS_AXIS, "Kudos");
        chart.setYAxisGroupTitle(PERCENT_AXIS, "%");
        var styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setXAxisLabelRotation(45);
        // 52 weeks' dates do not fit side by side.
        styler.setXAxisMaxLabelCount(13);
        // The lines at the middle of their week's bar.
        styler.setOverlapped(true);
        styler.putYAxisGroupDecimalPatternMap(KUDOS_AXIS, "#,##0");
        styler.setYAxisGroupPosition(PERCENT_AXIS, Styler.YAxisPosition.Right);
        styler.setYAxisMin(KUDOS_AXIS, 0.0);
        styler.setYAxisMin(PERCENT_AXIS, 0.0);
        styler.setYAxisMax(PERCENT_AXIS, 100.0);
        List<String> labels = new ArrayList<>();
        List<Number> kudos = new ArrayList<>();
        List<Number> giving = new ArrayList<>();
        List<Number> receiving = new ArrayList<>();
        List<Number> leaders = new ArrayList<>();
        int most = 0;
        for (Figures week : weeks) {
            labels.add(Pages.isoDay(week.to().minusSeconds(1)));
            kudos.add(week.kudos());
            most = Math.max(most, week.kudos());
            giving.add(rounded(week.givingParticipation()));
            receiving.add(rounded(week.receivingParticipation()));
            leaders.add(rounded(week.leadershipInvolvement()));
        }
        // Whole kudos on the axis, and an axis to draw on when there are none.
        styler.setYAxisMax(KUDOS_AXIS, most < 10 ? 10.0 : null);
        chart.addSeries("Kudos", labels, kudos)
                .setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Bar)
                .setYAxisGroup(KUDOS_AXIS);
        line(chart.addSeries("Giving participation %", labels, giving));
        line(chart.addSeries("Receiving participation %", labels, receiving));
        line(chart.addSeries("Leadership involvement %", labels, leaders));
        var svg = new SVGGraphics2D(900, 400);
        chart.paint(svg, 900, 400);
        return svg.getSVGDocument();
    }

    private static void line(CategorySeries series) {
        series.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line)
                .setYAxisGroup(PERCENT_AXIS);
    }

    private static Number rounded(Optional<Double> value) {
        return value.map(v -> (Number) Math.round(v)).orElse(null);
    }
}
