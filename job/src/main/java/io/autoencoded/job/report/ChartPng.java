package io.autoencoded.job.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
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
    BufferedImage image = chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // cached in memory: ImageIO's default cache for a stream is a file in java.io.tmpdir, which a process killed
    // mid-write would leave there
    try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      ImageIO.write(image, "png", stream);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // memory does not fail
    }
    return out.toByteArray();
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
