package io.autoencoded.job.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;

/**
 * A JFreeChart as the PNG the reports embed, in the reports' one look: white background, light grey grid (the
 * library's default grey plot area prints badly and hides thin lines).
 */
public final class ChartPng {
  private static final Color GRID = new Color(0xdddddd);

  private ChartPng() {}

  public static byte[] of(JFreeChart chart, int width, int height) {
    chart.setBackgroundPaint(Color.WHITE);
    style(chart.getPlot());
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ChartUtils.writeChartAsPNG(out, chart, width, height);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
  }

  private static void style(Plot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    if (plot instanceof CombinedDomainXYPlot combined) {
      for (XYPlot sub : combined.getSubplots()) {
        style(sub);
      }
    } else if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(GRID);
      xy.setRangeGridlinePaint(GRID);
    }
  }
}
