package io.autoencoded.reconstruct.quality;

import io.autoencoded.reconstruct.temporal.FlickerReport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writes a film's quality report into a directory: {@code worst-frames.png} (one row per worst frame:
 * original | reconstruction), {@code quality.csv} (per frame) and {@code report.html} (summary, per-frame
 * PSNR/SSIM curves as inline SVG, the strip).
 */
public final class QualityReport {
  public static final String HTML = "report.html";
  public static final String STRIP = "worst-frames.png";
  public static final String CSV = "quality.csv";

  private QualityReport() {}

  public static void write(Path dir, String filmId, String model, QualitySummary summary,
      List<FrameQuality> perFrame, List<FramePair> worst, int height, int width, int channels,
      FlickerReport temporal) throws IOException {
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
    try (Writer w = Files.newBufferedWriter(dir.resolve(HTML), StandardCharsets.UTF_8)) {
      w.write(html(filmId, model, summary, perFrame, worst, temporal));
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

  private static String html(String filmId, String model, QualitySummary s, List<FrameQuality> perFrame,
      List<FramePair> worst, FlickerReport temporal) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>autoencoded quality: ")
        .append(escape(filmId)).append("</title><style>body{font-family:sans-serif;margin:2em}"
            + "td,th{padding:2px 10px;text-align:right}img{image-rendering:pixelated;max-width:100%}</style>"
            + "</head><body>");
    h.append("<h1>Reconstruction quality: ").append(escape(filmId)).append("</h1>");
    h.append("<p>model: <code>").append(escape(model)).append("</code></p>");
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
    h.append(curve(perFrame, true)).append(curve(perFrame, false));
    if (!worst.isEmpty()) {
      h.append("<h2>Worst frames (original | reconstruction)</h2><table><tr><th>frame</th><th>SSIM</th>"
          + "<th>PSNR</th></tr>");
      for (FramePair p : worst) {
        h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.4f</td><td>%s</td></tr>",
            p.quality().frameIndex(), p.quality().ssim(), QualitySummary.db(p.quality().psnr())));
      }
      h.append("</table><p><img src=\"").append(STRIP).append("\" alt=\"worst frames\"></p>");
    }
    h.append(temporal.html());
    h.append("<p>SSIM: Wang et al. 2004, 11x11 Gaussian window (sigma 1.5), K1 0.01, K2 0.03, on BT.601 luma. "
        + "Per-frame values: <a href=\"").append(CSV).append("\">").append(CSV).append("</a>.</p></body></html>\n");
    return h.toString();
  }

  /**
   * Polylines of PSNR or SSIM against frame index, the model's in colour and the mean frame's in grey, on one scale,
   * downsampled to at most 2000 points each.
   */
  private static String curve(List<FrameQuality> perFrame, boolean psnr) {
    int w = 900;
    int hgt = 160;
    List<double[]> pts = new ArrayList<>(); // frame index, model, mean frame
    int step = Math.max(1, perFrame.size() / 2000);
    double lo = psnr ? Double.POSITIVE_INFINITY : 0;
    double hi = psnr ? Double.NEGATIVE_INFINITY : 1;
    for (int i = 0; i < perFrame.size(); i += step) {
      FrameQuality q = perFrame.get(i);
      double model = psnr ? Math.min(q.psnr(), 100) : q.ssim();
      double baseline = psnr ? Math.min(Psnr.fromMse(q.meanFrameMse()), 100) : q.meanFrameSsim();
      pts.add(new double[] {q.frameIndex(), model, baseline});
      lo = Math.min(lo, Math.min(model, baseline));
      if (psnr) {
        hi = Math.max(hi, Math.max(model, baseline));
      }
    }
    if (hi <= lo) {
      hi = lo + 1;
    }
    double maxX = Math.max(1, perFrame.get(perFrame.size() - 1).frameIndex());
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<p>%s from %.3g to %.3g</p><svg width=\"%d\" height=\"%d\" "
        + "style=\"border:1px solid #ccc\">", psnr ? "PSNR (dB)" : "SSIM", lo, hi, w, hgt));
    for (int series : new int[] {2, 1}) { // the baseline first, so that the model's line is drawn over it
      s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" points=\"",
          series == 2 ? "#aaa" : psnr ? "#c33" : "#36c"));
      for (double[] p : pts) {
        s.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0] / maxX * (w - 1),
            (hgt - 1) - (p[series] - lo) / (hi - lo) * (hgt - 1)));
      }
      s.append("\"/>");
    }
    s.append("</svg>");
    return s.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
