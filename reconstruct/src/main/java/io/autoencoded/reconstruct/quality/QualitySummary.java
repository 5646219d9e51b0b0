package io.autoencoded.reconstruct.quality;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A film's reconstruction quality. {@code psnr} is computed from the mean squared error over every frame
 * (so one perfect frame does not make it infinite); {@code meanSsim} is the mean of the per-frame SSIMs.
 */
public record QualitySummary(long frames, double psnr, double minPsnr, double meanSsim, double minSsim,
    long worstFrame) implements Serializable {

  public static QualitySummary of(List<FrameQuality> perFrame) {
    if (perFrame.isEmpty()) {
      throw new IllegalArgumentException("no frames measured");
    }
    double mse = 0;
    double ssim = 0;
    double minPsnr = Double.POSITIVE_INFINITY;
    FrameQuality worst = perFrame.get(0);
    for (FrameQuality q : perFrame) {
      mse += q.mse();
      ssim += q.ssim();
      minPsnr = Math.min(minPsnr, q.psnr());
      if (q.ssim() < worst.ssim()) {
        worst = q;
      }
    }
    return new QualitySummary(perFrame.size(), Psnr.fromMse(mse / perFrame.size()), minPsnr,
        ssim / perFrame.size(), worst.ssim(), worst.frameIndex());
  }

  /** The frames ordered worst first (lowest SSIM, then lowest PSNR). */
  public static Comparator<FrameQuality> worstFirst() {
    return Comparator.comparingDouble(FrameQuality::ssim).thenComparingDouble(FrameQuality::psnr)
        .thenComparingLong(FrameQuality::frameIndex);
  }

  /** Human-readable lines for the console. */
  public String describe() {
    return String.format(Locale.ROOT, "quality over %d frames: PSNR %s dB (worst frame %s dB), SSIM %.4f "
        + "(worst %.4f, frame %d)", frames, db(psnr), db(minPsnr), meanSsim, minSsim, worstFrame);
  }

  static String db(double v) {
    return Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, "%.2f", v);
  }

  /** A JSON number, or null for an infinite PSNR (identical images), which JSON cannot write. */
  public static String jsonNumber(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "null";
  }
}
