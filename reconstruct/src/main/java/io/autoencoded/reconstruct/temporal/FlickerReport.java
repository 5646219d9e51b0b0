package io.autoencoded.reconstruct.temporal;

import io.autoencoded.job.report.ChartPng;
import io.autoencoded.job.store.FilmShots;
import io.autoencoded.job.store.Shot;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The temporal part of a quality report: the film's shots and its flicker. Writes {@code flicker.csv} (per frame pair)
 * and {@code shots.csv} (per shot) into the report's directory and gives the HTML section that shows them: the
 * warping error of the reconstruction and of the original over the film with the cuts marked, and the per-shot table.
 *
 * @param smoothing the reconstruction's temporal smoothing ({@code reconstruct --smooth K}; 0 = none)
 */
public record FlickerReport(FlickerSummary summary, List<PairFlicker> perPair, FilmShots shots, int smoothing) {
  public static final String PAIRS_CSV = "flicker.csv";
  public static final String SHOTS_CSV = "shots.csv";
  public static final String CHART = "flicker.png";
  private static final int CHART_WIDTH = 900;
  private static final int CHART_HEIGHT = 280;
  /** Shots listed in the page; all of them are in shots.csv. */
  private static final int SHOTS_SHOWN = 200;
  private static final int CHART_BINS = 900;

  public FlickerReport {
    perPair = List.copyOf(perPair);
  }

  public void writeFiles(Path dir) throws IOException {
    Files.write(dir.resolve(CHART), ChartPng.of(chart(), CHART_WIDTH, CHART_HEIGHT));
    try (Writer w = Files.newBufferedWriter(dir.resolve(PAIRS_CSV), StandardCharsets.UTF_8)) {
      w.write("frame_index,warping_error,warping_error_original,visible_fraction\n");
      for (PairFlicker p : perPair) {
        w.write(String.format(Locale.ROOT, "%d,%.6g,%.6g,%.4f%n", p.frameIndex(), p.reconstruction(), p.original(),
            p.validFraction()));
      }
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve(SHOTS_CSV), StandardCharsets.UTF_8)) {
      w.write("shot,first_frame,frame_count,cut_score,pairs,warping_error,warping_error_original\n");
      for (ShotFlicker s : summary.shots()) {
        Shot shot = s.shot();
        w.write(String.format(Locale.ROOT, "%d,%d,%d,%s,%d,%.6g,%.6g%n", shot.index(), shot.firstFrame(),
            shot.frameCount(), shot.cutScore() == null ? "" : String.format(Locale.ROOT, "%.2f", shot.cutScore()),
            s.pairs(), s.reconstruction(), s.original()));
      }
    }
  }

  public String html() {
    StringBuilder h = new StringBuilder();
    h.append("<h2>Flicker and shots</h2>");
    h.append("<table><tr><th></th><th>reconstruction</th><th>original</th><th>ratio</th></tr>")
        .append("<tr><th>warping error</th><td>").append(FlickerSummary.number(summary.reconstruction()))
        .append("</td><td>").append(FlickerSummary.number(summary.original())).append("</td><td>")
        .append(FlickerSummary.number(summary.ratio())).append("</td></tr>")
        .append(String.format(Locale.ROOT, "<tr><th>shots (hard cuts + 1)</th><td>%d</td><td></td><td></td></tr>",
            shots.shots().size()))
        .append(String.format(Locale.ROOT, "<tr><th>frame pairs measured</th><td>%d</td><td></td><td></td></tr>",
            summary.pairs()))
        .append(String.format(Locale.ROOT, "<tr><th>temporal smoothing</th><td>%s</td><td></td><td></td></tr>",
            smoothing == 0 ? "none" : "Gaussian, K = " + smoothing + " frames (sigma " + smoothing / 2.0 + ")"))
        .append("</table>");
    h.append("<p>Warping error (Lai et al. 2018): frame t-1 warped to frame t by the optical flow, against frame t, "
        + "mean squared difference over the pixels visible in both (pixels in [0, 1], mean over RGB). The flow is "
        + "OpenCV's Farneback flow of the <em>original</em> frames and warps both the original and the "
        + "reconstruction; occlusions by forward-backward consistency. Pairs across a cut are not compared. The "
        + "original's error is the floor (flow errors, noise); the ratio above 1 is flicker the model added.</p>");
    h.append("<p><img src=\"").append(CHART).append("\" alt=\"warping error per frame pair\"></p>");
    h.append("<table><tr><th>shot</th><th>frames</th><th>cut score</th><th>warping error</th><th>original</th>"
        + "<th>ratio</th></tr>");
    for (ShotFlicker s : summary.shots().subList(0, Math.min(SHOTS_SHOWN, summary.shots().size()))) {
      Shot shot = s.shot();
      h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%d&ndash;%d</td><td>%s</td><td>%s</td><td>%s</td>"
              + "<td>%s</td></tr>", shot.index(), shot.firstFrame(), shot.endFrame() - 1,
          shot.cutScore() == null ? "" : String.format(Locale.ROOT, "%.1f", shot.cutScore()),
          FlickerSummary.number(s.reconstruction()), FlickerSummary.number(s.original()),
          FlickerSummary.number(s.ratio())));
    }
    h.append("</table>");
    if (summary.shots().size() > SHOTS_SHOWN) {
      h.append("<p>The first ").append(SHOTS_SHOWN).append(" shots of ").append(summary.shots().size())
          .append(".</p>");
    }
    h.append("<p>Per shot: <a href=\"").append(SHOTS_CSV).append("\">").append(SHOTS_CSV)
        .append("</a>; per frame pair: <a href=\"").append(PAIRS_CSV).append("\">").append(PAIRS_CSV)
        .append("</a>.</p>");
    return h.toString();
  }

  /**
   * Both curves as a chart (JFreeChart, like the report's other charts): each frame pair's error averaged into at most
   * CHART_BINS bins along the film, the original in grey under the reconstruction, the cuts as vertical markers.
   */
  JFreeChart chart() {
    long frames = Math.max(2, shots.frameCount());
    double[][] bins = new double[2][CHART_BINS];
    int[] counts = new int[CHART_BINS];
    for (PairFlicker p : perPair) {
      if (Double.isNaN(p.reconstruction()) || Double.isNaN(p.original())) {
        continue;
      }
      int b = (int) Math.min(CHART_BINS - 1, p.frameIndex() * CHART_BINS / frames);
      bins[0][b] += p.reconstruction();
      bins[1][b] += p.original();
      counts[b]++;
    }
    XYSeries reconstruction = new XYSeries("reconstruction");
    XYSeries original = new XYSeries("original");
    for (int b = 0; b < CHART_BINS; b++) {
      if (counts[b] > 0) {
        double frame = (b + 0.5) * frames / CHART_BINS;
        reconstruction.add(frame, bins[0][b] / counts[b]);
        original.add(frame, bins[1][b] / counts[b]);
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(original); // first, so that the reconstruction's line is drawn over it
    data.addSeries(reconstruction);
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
    lines.setSeriesPaint(0, new Color(0xaaaaaa));
    lines.setSeriesPaint(1, new Color(0xcc3333));
    NumberAxis x = new NumberAxis("frame index");
    x.setRange(0, frames - 1);
    XYPlot plot = new XYPlot(data, x, new NumberAxis("warping error"), lines);
    for (long cut : shots.cuts()) {
      plot.addDomainMarker(new ValueMarker(cut, new Color(0xe0b000), new BasicStroke(1f)));
    }
    return new JFreeChart("Warping error per frame pair (cuts in yellow)", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
  }
}
