package io.autoencoded.reconstruct.quality;

import io.autoencoded.job.report.ChartPng;
import io.autoencoded.job.report.Evaluation;
import io.autoencoded.reconstruct.temporal.FlickerReport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Writes a film's quality report into a directory: {@code worst-frames.png} (one row per worst frame:
 * original | reconstruction), {@code quality.csv} (per frame), {@code psnr.png} and {@code ssim.png} (per-frame
 * curves, JFreeChart), {@code quality.json} (the film-wide figures, for the training report) and
 * {@code report.html} (summary, curves, strip, and a link to the training report of the run that made the model).
 */
public final class QualityReport {
  public static final String HTML = "report.html";
  public static final String STRIP = "worst-frames.png";
  public static final String CSV = "quality.csv";
  public static final String PSNR_CHART = "psnr.png";
  public static final String SSIM_CHART = "ssim.png";

  /**
   * The training run whose checkpoint was measured, and the address of its report as seen from this report's page
   * (null where no link can work, e.g. a copy outside an HDFS store).
   */
  public record TrainingRun(String run, String href) {}

  private QualityReport() {}

  public static void write(Path dir, String filmId, String model, QualitySummary summary,
      List<FrameQuality> perFrame, List<FramePair> worst, int height, int width, int channels,
      Optional<TrainingRun> run, FlickerReport temporal) throws IOException {
    Files.createDirectories(dir);
    temporal.writeFiles(dir);
    if (!worst.isEmpty()) {
      ImageIO.write(strip(worst, height, width, channels), "png", dir.resolve(STRIP).toFile());
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve(CSV), StandardCharsets.UTF_8)) {
      // new columns go at the end: scripts reading the first four by position keep working
      w.write("frame_index,psnr_db,ssim,mse,mean_frame_psnr_db,mean_frame_ssim,laplacian_original,"
          + "laplacian_reconstruction\n");
      for (FrameQuality q : perFrame) {
        w.write(String.format(Locale.ROOT, "%d,%s,%.6f,%.6f,%s,%.6f,%.3f,%.3f%n", q.frameIndex(),
            QualitySummary.db(q.psnr()), q.ssim(), q.mse(), QualitySummary.db(Psnr.fromMse(q.meanFrameMse())),
            q.meanFrameSsim(), q.laplacianOriginal(), q.laplacianReconstruction()));
      }
    }
    Files.write(dir.resolve(PSNR_CHART), ChartPng.of(QualityCharts.psnr(perFrame), QualityCharts.WIDTH,
        QualityCharts.HEIGHT));
    Files.write(dir.resolve(SSIM_CHART), ChartPng.of(QualityCharts.ssim(perFrame), QualityCharts.WIDTH,
        QualityCharts.HEIGHT));
    Files.write(dir.resolve(Evaluation.FILE), Evaluation.of(filmId, model, run.map(TrainingRun::run).orElse(null),
        Instant.now().toString(), summary.frames(), summary.psnr(), summary.meanSsim(), summary.meanFramePsnr(),
        summary.meanFrameSsim(), summary.sharpnessRatio()).toJson());
    writeHtml(dir, filmId, model, summary, worst, run, temporal);
  }

  /** (Re)writes report.html alone: for a copy of the report whose link to the training report differs. */
  public static void writeHtml(Path dir, String filmId, String model, QualitySummary summary, List<FramePair> worst,
      Optional<TrainingRun> run, FlickerReport temporal) throws IOException {
    try (Writer w = Files.newBufferedWriter(dir.resolve(HTML), StandardCharsets.UTF_8)) {
      w.write(html(filmId, model, summary, worst, run, temporal));
    }
  }

  /** N rows of original | reconstruction, worst first. */
  public static BufferedImage strip(List<FramePair> pairs, int height, int width, int channels) {
    BufferedImage img = new BufferedImage(2 * width, height * pairs.size(), BufferedImage.TYPE_INT_RGB);
    for (int row = 0; row < pairs.size(); row++) {
      paint(img, pairs.get(row).original(), 0, row * height, height, width, channels);
      paint(img, pairs.get(row).reconstruction(), width, row * height, height, width, channels);
    }
    return img;
  }

  private static void paint(BufferedImage img, byte[] rgb, int x0, int y0, int height, int width, int channels) {
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = (y * width + x) * channels;
        int r = rgb[p] & 0xff;
        int g = channels > 1 ? rgb[p + 1] & 0xff : r;
        int b = channels > 2 ? rgb[p + 2] & 0xff : r;
        img.setRGB(x0 + x, y0 + y, (r << 16) | (g << 8) | b);
      }
    }
  }

  private static String html(String filmId, String model, QualitySummary s, List<FramePair> worst,
      Optional<TrainingRun> run, FlickerReport temporal) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>autoencoded quality: ")
        .append(escape(filmId)).append("</title><style>body{font-family:sans-serif;margin:2em}"
            + "td,th{padding:2px 10px;text-align:right}img{max-width:100%}img.strip{image-rendering:pixelated}"
            + "</style></head><body>");
    h.append("<h1>Reconstruction quality: ").append(escape(filmId)).append("</h1>");
    h.append("<p>model: <code>").append(escape(model)).append("</code></p>");
    run.ifPresent(r -> {
      h.append("<p>trained by run <code>").append(escape(r.run())).append("</code>: ");
      if (r.href() != null) {
        h.append("<a href=\"").append(escape(r.href())).append("\">its training report</a> (losses, samples, "
            + "config); ");
      }
      h.append("a copy with <code>autoencoded films --report ").append(escape(r.run()))
          .append(" --out DIR</code></p>");
    });
    h.append("<table><tr><th></th><th>model</th><th>mean frame</th><th>margin</th></tr>")
        .append("<tr><th>frames</th><td>").append(s.frames()).append("</td><td></td><td></td></tr>")
        .append("<tr><th>PSNR (dB, from mean MSE)</th><td>").append(QualitySummary.db(s.psnr()))
        .append("</td><td>").append(QualitySummary.db(s.meanFramePsnr())).append("</td><td>")
        .append(QualitySummary.signedDb(s.psnrMargin())).append(" dB</td></tr>")
        .append(String.format(Locale.ROOT, "<tr><th>mean SSIM (luma)</th><td>%.4f</td><td>%.4f</td>"
            + "<td>%+.4f</td></tr>", s.meanSsim(), s.meanFrameSsim(), s.meanSsim() - s.meanFrameSsim()))
        .append("<tr><th>worst frame PSNR (dB)</th><td>").append(QualitySummary.db(s.minPsnr()))
        .append("</td><td></td><td></td></tr>")
        .append(String.format(Locale.ROOT, "<tr><th>worst SSIM</th><td>%.4f (frame %d)</td><td></td><td></td>"
            + "</tr>", s.minSsim(), s.worstFrame()))
        .append(String.format(Locale.ROOT, "<tr><th>sharpness ratio</th><td>%.3f</td><td colspan=\"2\" "
            + "style=\"text-align:left\">%s</td></tr></table>", s.sharpnessRatio(),
            escape(QualitySummary.SHARPNESS_NOTE)));
    h.append("<p>Mean frame: the per-pixel mean of every frame of the film, the baseline a model must beat (a "
        + "model that outputs it for every frame scores exactly this). Sharpness ratio: the mean squared "
        + "4-neighbour Laplacian of the reconstructions over that of the original frames.</p>");
    h.append("<h2>Per frame</h2>");
    h.append("<p>Model in colour, the mean frame in grey.</p>");
    h.append("<p><img src=\"").append(PSNR_CHART).append("\" alt=\"PSNR per frame\"></p><p><img src=\"")
        .append(SSIM_CHART).append("\" alt=\"SSIM per frame\"></p>");
    if (!worst.isEmpty()) {
      h.append("<h2>Worst frames (original | reconstruction)</h2><table><tr><th>frame</th><th>SSIM</th>"
          + "<th>PSNR</th></tr>");
      for (FramePair p : worst) {
        h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.4f</td><td>%s</td></tr>",
            p.quality().frameIndex(), p.quality().ssim(), QualitySummary.db(p.quality().psnr())));
      }
      h.append("</table><p><img class=\"strip\" src=\"").append(STRIP).append("\" alt=\"worst frames\"></p>");
    }
    h.append(temporal.html());
    h.append("<p>SSIM: Wang et al. 2004, 11x11 Gaussian window (sigma 1.5), K1 0.01, K2 0.03, on BT.601 luma. "
        + "Per-frame values: <a href=\"").append(CSV).append("\">").append(CSV).append("</a>.</p></body></html>\n");
    return h.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
