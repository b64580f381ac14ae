package id.jaga.controller.report;

import id.jaga.controller.green.GreenFigures;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** The report's chart, drawn on the server as a PNG so the HTML and the PDF show the same picture. */
final class Charts {
    static final int WIDTH = 900;
    static final int HEIGHT = 360;

    static {
        System.setProperty("java.awt.headless", "true"); // a controller has no display
    }

    private Charts() {
    }

    /** Facility and IT energy per day. */
    static byte[] energyPerDay(List<GreenFigures.Day> days, Labels labels) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (GreenFigures.Day d : days) {
            String day = String.valueOf(d.day().getDayOfMonth()) + "/" + d.day().getMonthValue();
            data.addValue(d.facilityKwh(), labels.get("facility.energy"), day);
            data.addValue(d.itKwh(), labels.get("it.energy"), day);
        }
        JFreeChart chart = ChartFactory.createBarChart(labels.get("chart.title"), labels.get("chart.day"), "kWh", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getCategoryPlot().setBackgroundPaint(new Color(0xF4, 0xF6, 0xF8));
        chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        BarRenderer bars = (BarRenderer) chart.getCategoryPlot().getRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setSeriesPaint(0, new Color(0x1F, 0x6F, 0xB2));
        bars.setSeriesPaint(1, new Color(0x3C, 0xA5, 0x5C));
        bars.setShadowVisible(false);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(png, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }
}
