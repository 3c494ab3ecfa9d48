package lodestar.dashboard;

import java.util.ArrayList;
import java.util.List;
import lodestar.digest.Figures;
import org.jfree.svg.SVGGraphics2D;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * The customer voice week by week, drawn by XChart as SVG (JFreeSVG): quotes posted and critiques posted, owned and
 * resolved on the left axis, engagement (reactions and replies per post) on the right. The page puts a table of the
 * same figures beside it.
 */
final class VoiceChart {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int ENGAGEMENT_AXIS = 1;

    private VoiceChart() {}

    static String svg(List<Figures> weeks) {
        var chart = new CategoryChartBuilder()
                .width(900)
                .height(400)
                .title("Customer voice")
                .xAxisTitle("Week ending")
                .yAxisTitle("Quotes and critiques")
                .build();
        chart.setYAxisGroupTitle(ENGAGEMENT_AXIS, "Reactions and replies per post");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(45);
        // each week's points above its label, not spread across it
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setYAxisGroupPosition(ENGAGEMENT_AXIS, Styler.YAxisPosition.Right);
        // Counts tick in whole numbers: XChart's steps are 1, 2 or 5 times a power of ten, from the axis' span and
        // height, and a span of at least 5 keeps them at 1 or more. Nor is an axis ever from 0 to 0.
        chart.getStyler().setYAxisMin(0, 0.0);
        chart.getStyler().setYAxisMax(0, Math.max(5.0, most(weeks)));
        chart.getStyler().setYAxisMin(ENGAGEMENT_AXIS, 0.0);
        chart.getStyler().setYAxisMax(ENGAGEMENT_AXIS, Math.max(1.0, mostEngagement(weeks)));
        List<String> labels = new ArrayList<>();
        List<Number> posted = new ArrayList<>();
        List<Number> critiques = new ArrayList<>();
        List<Number> owned = new ArrayList<>();
        List<Number> resolved = new ArrayList<>();
        List<Number> engagement = new ArrayList<>();
        for (Figures week : weeks) {
            labels.add(Pages.isoDay(week.to().minusSeconds(1)));
            posted.add(week.quotesPosted());
            critiques.add(week.critiquesPosted());
            owned.add(week.critiquesOwned());
            resolved.add(week.critiquesResolved());
            engagement.add(week.quotesPosted() == 0 ? null : week.quoteEngagement());
        }
        chart.addSeries("Quotes posted", labels, posted);
        chart.addSeries("Critiques posted", labels, critiques);
        chart.addSeries("Critiques owned", labels, owned);
        chart.addSeries("Critiques resolved", labels, resolved);
        chart.addSeries("Engagement per post (right axis)", labels, engagement).setYAxisGroup(ENGAGEMENT_AXIS);
        var svg = new SVGGraphics2D(900, 400);
        chart.paint(svg, 900, 400);
        return svg.getSVGDocument();
    }

    private static double most(List<Figures> weeks) {
        return weeks.stream()
                .mapToInt(week -> Math.max(week.quotesPosted(), week.critiquesPosted()))
                .max()
                .orElse(0);
    }

    private static double mostEngagement(List<Figures> weeks) {
        return weeks.stream().mapToDouble(Figures::quoteEngagement).max().orElse(0);
    }
}
