package io.autoencoded.reconstruct.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityMetricsTest {
  private static final int H = 24;
  private static final int W = 40;

  /** The images of src/test/resources/ssim_reference.py (an independent numpy/scipy SSIM). */
  private static byte[] image(int variant) {
    byte[] img = new byte[H * W * 3];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        for (int c = 0; c < 3; c++) {
          int a = (x * 7 + y * 13 + c * 29) % 256;
          int v = switch (variant) {
            case 0 -> a;
            case 1 -> a + ((x * y + c) % 17) - 8;
            default -> a / 2 + ((x * 31 + y * 17) % 64);
          };
          img[(y * W + x) * 3 + c] = (byte) Math.max(0, Math.min(255, v));
        }
      }
    }
    return img;
  }

  @Test
  void identicalImagesHaveInfinitePsnrAndSsimOne() {
    byte[] a = image(0);
    assertEquals(Double.POSITIVE_INFINITY, Psnr.of(a, a.clone()));
    assertEquals(1.0, Ssim.of(a, a.clone(), H, W, 3), 1e-12);
  }

  @Test
  void constantOffsetGivesTheTextbookPsnr() {
    for (int d : new int[] {1, 5, 16}) {
      byte[] a = new byte[H * W * 3];
      byte[] b = new byte[a.length];
      for (int i = 0; i < a.length; i++) {
        a[i] = (byte) (100 + i % 50);
        b[i] = (byte) (100 + i % 50 + d);
      }
      assertEquals(20 * Math.log10(255.0 / d), Psnr.of(a, b), 1e-9);
    }
  }

  @Test
  void ssimAgreesWithAnIndependentImplementation() {
    // values printed by ssim_reference.py (scipy correlate2d with the 2-D 11x11 Gaussian, 'valid')
    assertEquals(0.9858332920924663, Ssim.of(image(0), image(1), H, W, 3), 1e-9);
    assertEquals(0.5773335415810292, Ssim.of(image(0), image(2), H, W, 3), 1e-9);
    assertEquals(34.01706207301943, Psnr.of(image(0), image(1)), 1e-9);
  }

  @Test
  void ssimIsSymmetricAndBelowOneForDifferentImages() {
    double ab = Ssim.of(image(0), image(2), H, W, 3);
    double ba = Ssim.of(image(2), image(0), H, W, 3);
    assertEquals(ab, ba, 1e-12);
    assertTrue(ab < 1);
  }

  @Test
  void summaryUsesTheMeanErrorAndFindsTheWorstFrame() {
    List<FrameQuality> frames = List.of(new FrameQuality(0, 0, Double.POSITIVE_INFINITY, 1.0, 4.0, 0.25, 10, 5),
        new FrameQuality(1, 2.0, Psnr.fromMse(2.0), 0.5, 8.0, 0.5, 20, 10),
        new FrameQuality(2, 1.0, Psnr.fromMse(1.0), 0.75, 0.0, 0.75, 30, 45));
    QualitySummary s = QualitySummary.of(frames);
    assertEquals(Psnr.fromMse(1.0), s.psnr(), 1e-12);
    assertEquals(0.75, s.meanSsim(), 1e-12);
    assertEquals(1, s.worstFrame());
    assertEquals(0.5, s.minSsim());
    // the baseline as the model: from the mean of its per-frame errors, and the mean of its SSIMs
    assertEquals(Psnr.fromMse(4.0), s.meanFramePsnr(), 1e-12);
    assertEquals(0.5, s.meanFrameSsim(), 1e-12);
    assertEquals(Psnr.fromMse(1.0) - Psnr.fromMse(4.0), s.psnrMargin(), 1e-12);
    // film-wide mean energies: (5 + 10 + 45) / 3 over (10 + 20 + 30) / 3
    assertEquals(1.0, s.sharpnessRatio(), 1e-12);
    assertTrue(s.describe().contains("mean-frame baseline PSNR " + QualitySummary.db(Psnr.fromMse(4.0)) + " dB"),
        s.describe());
    assertEquals("null", QualitySummary.jsonNumber(Double.POSITIVE_INFINITY));
  }

  @Test
  void reportHasTheStripAndTheHtml(@TempDir Path dir) throws Exception {
    byte[] a = image(0);
    byte[] b = image(2);
    MeanFrameSums sums = new MeanFrameSums(a.length);
    sums.add(a);
    sums.add(b);
    FrameQuality q = FrameQuality.measure(7, a, b, sums.mean(H, W, 3), H, W, 3);
    io.autoencoded.job.store.FilmShots shots = io.autoencoded.job.store.FilmShots.fromCuts("film", 10, "t", "d",
        new long[] {5}, new double[] {9.5});
    List<io.autoencoded.reconstruct.temporal.PairFlicker> pairs = List.of(
        new io.autoencoded.reconstruct.temporal.PairFlicker(8, 0.004, 0.001, 0.9));
    QualityReport.write(dir, "film", "model.ckpt", QualitySummary.of(List.of(q)), List.of(q),
        List.of(new FramePair(q, a, b), new FramePair(q, b, a)), H, W, 3,
        java.util.Optional.of(new QualityReport.TrainingRun("run-1", "../../../models/run-1/report.html")),
        new io.autoencoded.reconstruct.temporal.FlickerReport(
            io.autoencoded.reconstruct.temporal.FlickerSummary.of(pairs, shots), pairs, shots, 2));
    BufferedImage strip = javax.imageio.ImageIO.read(dir.resolve(QualityReport.STRIP).toFile());
    assertEquals(2 * W, strip.getWidth());
    assertEquals(2 * H, strip.getHeight());
    int p = (5 * W + 3) * 3;
    assertEquals(((a[p] & 0xff) << 16) | ((a[p + 1] & 0xff) << 8) | (a[p + 2] & 0xff), strip.getRGB(3, 5) & 0xffffff);
    assertEquals(((b[p] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff),
        strip.getRGB(W + 3, 5) & 0xffffff);
    String html = Files.readString(dir.resolve(QualityReport.HTML));
    assertTrue(html.contains("worst-frames.png") && html.contains("psnr.png") && html.contains("ssim.png"), html);
    assertTrue(html.contains(io.autoencoded.reconstruct.temporal.FlickerReport.CHART), html);
    for (String chart : List.of(QualityReport.PSNR_CHART, QualityReport.SSIM_CHART,
        io.autoencoded.reconstruct.temporal.FlickerReport.CHART)) {
      assertEquals(900, javax.imageio.ImageIO.read(dir.resolve(chart).toFile()).getWidth(), chart);
    }
    assertTrue(html.contains("<a href=\"../../../models/run-1/report.html\">its training report</a>"), html);
    io.autoencoded.job.report.Evaluation e;
    try (var in = Files.newInputStream(dir.resolve(io.autoencoded.job.report.Evaluation.FILE))) {
      e = io.autoencoded.job.report.Evaluation.read(in);
    }
    assertEquals("run-1", e.run());
    assertEquals(1, e.frames());
    assertEquals(QualitySummary.of(List.of(q)).meanFramePsnr(), e.meanFramePsnr(), 1e-12);
    assertTrue(html.contains("<th>mean frame</th>") && html.contains("<th>sharpness ratio</th>"), html);
    assertTrue(html.contains("&lt; 1 blur, &gt; 1 noise or checkerboard; 0.6–1.4 is in range"), html);
    List<String> csv = Files.readAllLines(dir.resolve(QualityReport.CSV));
    assertEquals("frame_index,psnr_db,ssim,mse,mean_frame_psnr_db,mean_frame_ssim,laplacian_original,"
        + "laplacian_reconstruction", csv.get(0));
    assertTrue(csv.get(1).startsWith("7,"));
    assertEquals(8, csv.get(1).split(",").length, csv.get(1));
    // the shots and the flicker: the per-shot table and both curves, with the files beside the page
    assertTrue(html.contains("<h2>Flicker and shots</h2>") && html.contains("Gaussian, K = 2 frames"), html);
    assertTrue(html.contains("<td>5&ndash;9</td><td>9.5</td><td>0.00400</td><td>0.00100</td><td>4.00</td>"),
        html);
    assertEquals(List.of("frame_index,warping_error,warping_error_original,visible_fraction",
        "8,0.00400000,0.00100000,0.9000"), Files.readAllLines(dir.resolve("flicker.csv")));
    assertEquals(List.of("shot,first_frame,frame_count,cut_score,pairs,warping_error,warping_error_original",
        "0,0,5,,0,NaN,NaN", "1,5,5,9.50,1,0.00400000,0.00100000"), Files.readAllLines(dir.resolve("shots.csv")));
  }
}
