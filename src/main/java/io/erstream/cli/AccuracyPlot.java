package io.erstream.cli;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Draws a prequential evaluation as a PNG: rolling accuracy against the example index, with a
 * vertical line wherever drift was detected, so that a reader sees at a glance whether accuracy
 * recovered after each detection. Rendering is headless (no display needed).
 */
public final class AccuracyPlot {

    /** Width of the image in pixels. */
    public static final int WIDTH = 1000;
    /** Height of the image in pixels. */
    public static final int HEIGHT = 500;

    private static final Color DRIFT = new Color(200, 30, 30);

    private AccuracyPlot() {
    }

    /**
     * Writes the chart to {@code png} (replacing it).
     *
     * @param index           example index of each point (x axis)
     * @param rollingAccuracy rolling accuracy at each point, 0..1 (same length as {@code index})
     * @param driftMarkers    example indexes at which drift was detected
     * @throws IllegalArgumentException if the arrays differ in length or are empty
     */
    public static void write(Path png, String title, long[] index, double[] rollingAccuracy, long[] driftMarkers)
            throws IOException {
        if (index.length != rollingAccuracy.length || index.length == 0) {
            throw new IllegalArgumentException("need as many accuracies as indexes, at least one; got "
                    + index.length + " and " + rollingAccuracy.length);
        }
        XYChart chart = chart(title, index, rollingAccuracy, driftMarkers);
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static XYChart chart(String title, long[] index, double[] rollingAccuracy, long[] driftMarkers) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("examples seen").yAxisTitle("rolling accuracy").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setAnnotationLineColor(DRIFT);
        chart.getStyler().setAnnotationLineStroke(new BasicStroke(2f));
        chart.addSeries("accuracy", toDoubles(index), rollingAccuracy).setMarker(SeriesMarkers.NONE);
        for (long marker : driftMarkers) {
            chart.addAnnotation(new AnnotationLine(marker, true, false));
        }
        return chart;
    }

    private static double[] toDoubles(long[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
