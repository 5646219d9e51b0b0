package io.autoencoded.reconstruct.quality;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A film's reconstruction quality. {@code psnr} is computed from the mean squared error over every frame
 * (so one perfect frame does not make it infinite); {@code meanSsim} is the mean of the per-frame SSIMs.
 * {@code meanFramePsnr} and {@code meanFrameSsim} are the same figures for the film's {@link MeanFrame} in place
 * of every reconstruction: the baseline. {@code sharpnessRatio} is the reconstructions' {@link LaplacianEnergy}
 * over the originals', both averaged over every frame (NaN for a film without any detail).
 */
public record QualitySummary(long frames, double psnr, double minPsnr, double meanSsim, double minSsim,
    long worstFrame, double meanFramePsnr, double meanFrameSsim, double sharpnessRatio) implements Serializable {

  /** What the sharpness ratio means, wherever it is shown. */
  public static final String SHARPNESS_NOTE = "< 1 blur, > 1 noise or checkerboard; 0.6–1.4 is in range";

  /** A run that measured nothing (reconstruct --no-evaluation): every figure NaN, shown as null in JSON. */
  public static final QualitySummary NOT_MEASURED = new QualitySummary(0, Double.NaN, Double.NaN, Double.NaN,
      Double.NaN, -1, Double.NaN, Double.NaN, Double.NaN);

  public static QualitySummary of(List<FrameQuality> perFrame) {
    if (perFrame.isEmpty()) {
      throw new IllegalArgumentException("no frames measured");
    }
    double mse = 0;
    double ssim = 0;
    double meanFrameMse = 0;
    double meanFrameSsim = 0;
    double laplacianOriginal = 0;
    double laplacianReconstruction = 0;
    double minPsnr = Double.POSITIVE_INFINITY;
    FrameQuality worst = perFrame.get(0);
    for (FrameQuality q : perFrame) {
      mse += q.mse();
      ssim += q.ssim();
      meanFrameMse += q.meanFrameMse();
      meanFrameSsim += q.meanFrameSsim();
      // every frame has the same number of pixels: the sum of the per-frame means is the film-wide mean x frames
      laplacianOriginal += q.laplacianOriginal();
      laplacianReconstruction += q.laplacianReconstruction();
      minPsnr = Math.min(minPsnr, q.psnr());
      if (q.ssim() < worst.ssim()) {
        worst = q;
      }
    }
    int n = perFrame.size();
    return new QualitySummary(n, Psnr.fromMse(mse / n), minPsnr, ssim / n, worst.ssim(), worst.frameIndex(),
        Psnr.fromMse(meanFrameMse / n), meanFrameSsim / n,
        LaplacianEnergy.ratio(laplacianReconstruction, laplacianOriginal));
  }

  /** The frames ordered worst first (lowest SSIM, then lowest PSNR). */
  public static Comparator<FrameQuality> worstFirst() {
    return Comparator.comparingDouble(FrameQuality::ssim).thenComparingDouble(FrameQuality::psnr)
        .thenComparingLong(FrameQuality::frameIndex);
  }

  /** How many dB the model's PSNR is above the mean frame's (negative: the model is worse than the baseline). */
  public double psnrMargin() {
    return psnr - meanFramePsnr;
  }

  /** Human-readable lines for the console. */
  public String describe() {
    return String.format(Locale.ROOT, "quality over %d frames: PSNR %s dB (worst frame %s dB), SSIM %.4f "
        + "(worst %.4f, frame %d); mean-frame baseline PSNR %s dB (margin %s dB), SSIM %.4f; "
        + "sharpness ratio %.3f (%s)", frames, db(psnr), db(minPsnr), meanSsim, minSsim, worstFrame,
        db(meanFramePsnr), signedDb(psnrMargin()), meanFrameSsim, sharpnessRatio,
        SHARPNESS_NOTE.replace('–', '-')); // consoles are not all UTF-8
  }

  static String db(double v) {
    return Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, "%.2f", v);
  }

  static String signedDb(double v) {
    return Double.isInfinite(v) ? (v > 0 ? "+inf" : "-inf") : String.format(Locale.ROOT, "%+.2f", v);
  }

  /** A JSON number, or null for an infinite PSNR (identical images), which JSON cannot write. */
  public static String jsonNumber(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "null";
  }
}
