package io.autoencoded.reconstruct.quality;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The quality report's per-frame curves: PSNR or SSIM against frame index, the model's in colour over the mean
 * frame's in grey, on one scale. A long film is thinned to at most {@value #MAX_POINTS} frames per curve (every
 * n-th), more than a chart's width can show.
 */
final class QualityCharts {
  static final int WIDTH = 900;
  static final int HEIGHT = 280;
  private static final int MAX_POINTS = 2000;
  /** Identical frames have an infinite PSNR; the chart draws them at this height. */
  private static final double PSNR_CAP = 100;

  private QualityCharts() {}

  static JFreeChart psnr(List<FrameQuality> perFrame) {
    return chart(perFrame, true);
  }

  static JFreeChart ssim(List<FrameQuality> perFrame) {
    return chart(perFrame, false);
  }

  private static JFreeChart chart(List<FrameQuality> perFrame, boolean psnr) {
    XYSeries model = new XYSeries("model");
    XYSeries baseline = new XYSeries("mean frame (baseline)");
    int step = Math.max(1, perFrame.size() / MAX_POINTS);
    for (int i = 0; i < perFrame.size(); i += step) {
      FrameQuality q = perFrame.get(i);
      model.add(q.frameIndex(), psnr ? Math.min(q.psnr(), PSNR_CAP) : q.ssim());
      baseline.add(q.frameIndex(), psnr ? Math.min(Psnr.fromMse(q.meanFrameMse()), PSNR_CAP) : q.meanFrameSsim());
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(baseline); // first, so that the model's line is drawn over it
    data.addSeries(model);
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
    lines.setSeriesPaint(0, new Color(0xaaaaaa));
    lines.setSeriesPaint(1, psnr ? new Color(0xcc3333) : new Color(0x3366cc));
    lines.setSeriesStroke(0, new BasicStroke(1.2f));
    lines.setSeriesStroke(1, new BasicStroke(1.2f));
    NumberAxis frames = new NumberAxis("frame index");
    NumberAxis value = new NumberAxis(psnr ? "PSNR (dB)" : "SSIM (luma)");
    value.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(data, frames, value, lines);
    return new JFreeChart(psnr ? "PSNR per frame" : "SSIM per frame", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
  }
}
