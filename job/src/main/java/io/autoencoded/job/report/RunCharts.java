package io.autoencoded.job.report;

import io.autoencoded.job.train.LossPoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The charts of a run's history (one point per round, x = frames seen): the losses, the gating's skip rates,
 * the learning rate and the throughput. Every chart marks epoch boundaries (grey), rollbacks (red) and resumes
 * (blue) at the first round trained after them. Rounds from checkpoints older than a field are left out of that
 * field's chart rather than drawn as zeros.
 */
public final class RunCharts {
  public static final int LOSSES_HEIGHT = 760;
  public static final int PANEL_HEIGHT = 280;

  private static final Color EPOCH = new Color(0xbbbbbb);
  private static final Color ROLLBACK = new Color(0xd62728);
  private static final Color RESUME = new Color(0x1f5fb4);
  private static final Font MARKER_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

  private RunCharts() {}

  /**
   * One panel per loss, as they differ by orders of magnitude; a panel whose values are all positive is on a log
   * scale (the KL and pixel terms fall by decades), one with zero or negative values on a linear one.
   */
  public static JFreeChart losses(List<LossPoint> history) {
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(framesAxis());
    plot.setGap(12);
    plot.add(panel(history, "L_prior (KL)", LossPoint::prior, new Color(0x1f77b4), true), 1);
    plot.add(panel(history, "L_llike (similarity)", LossPoint::llike, new Color(0xd62728), false), 1);
    plot.add(panel(history, "L_GAN (BCE)", LossPoint::gan, new Color(0x2ca02c), false), 1);
    plot.add(panel(history, "pixel MSE", LossPoint::pixelMse, new Color(0x9467bd), false), 1);
    return new JFreeChart("Losses per round (mean over the round's steps)", JFreeChart.DEFAULT_TITLE_FONT, plot,
        false);
  }

  /** The share of steps whose decoder or discriminator update the equilibrium gating skipped, per round. */
  public static JFreeChart skipRates(List<LossPoint> history) {
    XYSeries decoder = new XYSeries("decoder updates skipped");
    XYSeries discriminator = new XYSeries("discriminator updates skipped");
    for (LossPoint p : history) {
      if (p.steps() > 0) {
        decoder.add(p.framesSeen(), 100 * p.decoderSkipRate());
        discriminator.add(p.framesSeen(), 100 * p.discriminatorSkipRate());
      }
    }
    NumberAxis percent = new NumberAxis("skipped (% of steps)");
    percent.setRange(0, 100);
    XYPlot plot = plot(new XYSeriesCollection(decoder), framesAxis(), percent, new Color(0xff7f0e));
    plot.setDataset(1, new XYSeriesCollection(discriminator));
    plot.setRenderer(1, line(new Color(0x17becf)));
    mark(plot, history, true);
    return new JFreeChart("Equilibrium gating: skipped updates per round", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
  }

  /** The learning rate each round trained at (log scale: rollbacks divide it). */
  public static JFreeChart learningRate(List<LossPoint> history) {
    XYSeries lr = new XYSeries("learning rate");
    for (LossPoint p : history) {
      if (p.learningRate() > 0) {
        lr.add(p.framesSeen(), p.learningRate());
      }
    }
    XYPlot plot = plot(new XYSeriesCollection(lr), framesAxis(), lr.getItemCount() > 0 ? logAxis("learning rate")
        : new NumberAxis("learning rate"), new Color(0x8c564b));
    mark(plot, history, true);
    return new JFreeChart("Learning rate", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
  }

  /**
   * Training frames per second of each round, all replicas together, from the round's wall time (the first round
   * of an epoch also shuffles the epoch's frames, so it is slower).
   */
  public static JFreeChart throughput(List<LossPoint> history) {
    XYSeries fps = new XYSeries("frames/s");
    long before = 0;
    for (LossPoint p : history) {
      if (p.seconds() > 0) {
        fps.add(p.framesSeen(), (p.framesSeen() - before) / p.seconds());
      }
      before = p.framesSeen();
    }
    NumberAxis axis = new NumberAxis("frames/s");
    axis.setAutoRangeIncludesZero(true);
    XYPlot plot = plot(new XYSeriesCollection(fps), framesAxis(), axis, new Color(0x7f7f7f));
    mark(plot, history, true);
    return new JFreeChart("Training throughput per round", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
  }

  private static XYPlot panel(List<LossPoint> history, String name, ToDoubleFunction<LossPoint> value, Color color,
      boolean labelMarkers) {
    XYSeries series = new XYSeries(name);
    boolean positive = true;
    for (LossPoint p : history) {
      double v = value.applyAsDouble(p);
      if (Double.isFinite(v)) {
        series.add(p.framesSeen(), v);
        positive &= v > 0;
      }
    }
    ValueAxis axis;
    if (positive && series.getItemCount() > 0) {
      axis = logAxis(name + " (log)");
    } else {
      NumberAxis linear = new NumberAxis(name);
      linear.setAutoRangeIncludesZero(false);
      axis = linear;
    }
    XYPlot plot = plot(new XYSeriesCollection(series), null, axis, color);
    mark(plot, history, labelMarkers);
    return plot;
  }

  /**
   * A log axis labelled with the values themselves: the default labels are powers of ten with fractional
   * exponents (10^-2.46) whenever the data spans less than a decade, as a loss often does.
   */
  private static LogAxis logAxis(String label) {
    LogAxis axis = new LogAxis(label);
    axis.setSmallestValue(1e-12);
    axis.setNumberFormatOverride(new DecimalFormat("0.###E0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    return axis;
  }

  private static XYPlot plot(XYSeriesCollection data, ValueAxis x, ValueAxis y, Color color) {
    XYPlot plot = new XYPlot(data, x, y, line(color));
    plot.setNoDataMessage("not recorded (a checkpoint from before this was kept)");
    return plot;
  }

  private static XYLineAndShapeRenderer line(Color color) {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    r.setSeriesPaint(0, color);
    r.setSeriesStroke(0, new BasicStroke(1.5f));
    return r;
  }

  private static NumberAxis framesAxis() {
    NumberAxis x = new NumberAxis("frames seen");
    x.setAutoRangeIncludesZero(true);
    return x;
  }

  /** Epoch boundaries, rollbacks and resumes as vertical lines; labelled when {@code label}. */
  private static void mark(XYPlot plot, List<LossPoint> history, boolean label) {
    LossPoint previous = null;
    for (LossPoint p : history) {
      if (previous != null && p.epoch() != previous.epoch()) {
        plot.addDomainMarker(marker(previous.framesSeen(), EPOCH, label ? "epoch " + (p.epoch() + 1) : null));
      }
      int before = previous == null ? 0 : previous.rollbacks();
      if (p.rollbacks() > before) {
        plot.addDomainMarker(marker(p.framesSeen(), ROLLBACK, label ? "rollback" : null));
      }
      if (p.resumed()) {
        plot.addDomainMarker(marker(p.framesSeen(), RESUME, label ? "resumed" : null));
      }
      previous = p;
    }
  }

  private static ValueMarker marker(double x, Color color, String label) {
    ValueMarker m = new ValueMarker(x, color, new BasicStroke(color == EPOCH ? 1f : 1.5f, BasicStroke.CAP_BUTT,
        BasicStroke.JOIN_MITER, 10f, color == EPOCH ? null : new float[] {4f, 3f}, 0f));
    if (label != null) {
      m.setLabel(label);
      m.setLabelFont(MARKER_FONT);
      m.setLabelPaint(color == EPOCH ? Color.DARK_GRAY : color);
      m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    }
    return m;
  }
}
