package lodestar.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lodestar.digest.CultureIndex;
import lodestar.digest.Figures;
import org.jfree.svg.SVGGraphics2D;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * The CX culture index and its components week by week, drawn by XChart as SVG (JFreeSVG). The page puts a table of
 * the same figures beside it, for screen readers and for reading exact values.
 */
final class TrendChart {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private TrendChart() {}

    static String svg(List<Figures> weeks) {
        var chart = chart(weeks);
        var svg = new SVGGraphics2D(900, 400);
        chart.paint(svg, 900, 400);
        return svg.getSVGDocument();
    }

    /** The chart of {@code weeks}, its series filled, before it is drawn. */
    static CategoryChart chart(List<Figures> weeks) {
        var chart = new CategoryChartBuilder()
                .width(900)
                .height(400)
                .title("CX culture index and its components")
                .xAxisTitle("Week ending")
                .yAxisTitle("0–100")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setXAxisLabelRotation(45);
        List<String> labels = new ArrayList<>();
        List<Number> index = new ArrayList<>();
        List<Number> giving = new ArrayList<>();
        List<Number> leaders = new ArrayList<>();
        List<Number> enps = new ArrayList<>();
        for (Figures week : weeks) {
            labels.add(Pages.isoDay(week.to().minusSeconds(1)));
            index.add(week.index().value().orElse(null));
            giving.add(rounded(week.givingParticipation()));
            leaders.add(rounded(week.leadershipInvolvement()));
            enps.add(week.enps().map(e -> (Number) CultureIndex.scaledEnps(e)).orElse(null));
        }
        chart.addSeries("CX culture index", labels, index);
        chart.addSeries("Giving participation %", labels, giving);
        chart.addSeries("Leadership involvement %", labels, leaders);
        chart.addSeries("eNPS, scaled 0–100", labels, enps);
        return chart;
    }

    private static Number rounded(Optional<Double> value) {
        return value.map(v -> (Number) Math.round(v)).orElse(null);
    }
}
