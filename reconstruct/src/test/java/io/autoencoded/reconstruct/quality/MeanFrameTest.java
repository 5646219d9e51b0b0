package io.autoencoded.reconstruct.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MeanFrameTest {
  private static final int H = 16;
  private static final int W = 24;
  private static final int BYTES = H * W * 3;

  private static List<byte[]> randomFrames(int n, long seed) {
    Random r = new Random(seed);
    List<byte[]> frames = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      byte[] f = new byte[BYTES];
      r.nextBytes(f);
      frames.add(f);
    }
    return frames;
  }

  @Test
  void mergedSumsGiveTheDirectPerPixelMean() {
    List<byte[]> frames = randomFrames(7, 1);
    // two tasks' sums, merged as the driver merges them
    MeanFrameSums first = new MeanFrameSums(BYTES);
    MeanFrameSums second = new MeanFrameSums(BYTES);
    for (int k = 0; k < frames.size(); k++) {
      (k < 3 ? first : second).add(frames.get(k));
    }
    MeanFrameSums all = first.plus(second);
    assertEquals(7, all.frames());
    double[] mean = all.mean(H, W, 3).values();
    for (int i = 0; i < BYTES; i++) {
      double direct = 0;
      for (byte[] f : frames) {
        direct += f[i] & 0xff;
      }
      assertEquals(direct / frames.size(), mean[i], 1e-12, "value " + i);
    }
  }

  @Test
  void itsErrorAndSsimAreMeasuredAgainstTheUnroundedMean() {
    List<byte[]> frames = randomFrames(3, 2);
    MeanFrameSums sums = new MeanFrameSums(BYTES);
    frames.forEach(sums::add);
    MeanFrame mean = sums.mean(H, W, 3);
    double[] m = mean.values();
    byte[] f = frames.get(0);
    double mse = 0;
    for (int i = 0; i < BYTES; i++) {
      double d = (f[i] & 0xff) - m[i];
      mse += d * d;
    }
    assertEquals(mse / BYTES, mean.meanSquaredError(f), 1e-9);
    assertTrue(java.util.stream.IntStream.range(0, BYTES).anyMatch(i -> m[i] != Math.rint(m[i])),
        "the mean has fractions to keep");
    double ssim = mean.ssim(Ssim.windowed(Ssim.luma(f, H, W, 3), H, W));
    assertTrue(ssim > -1 && ssim < 1, "ssim " + ssim);
    assertEquals(Ssim.ofLuma(Ssim.luma(f, H, W, 3), Ssim.luma(m, H, W, 3), H, W), ssim, 1e-12);
  }

  @Test
  void aReconstructionThatIsTheMeanFrameScoresExactlyTheBaseline() {
    // frames in pairs symmetric about one picture: their mean is that picture, whole numbers, so a model can
    // output it exactly as 8-bit values
    Random r = new Random(3);
    byte[] centre = new byte[BYTES];
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < BYTES; i++) {
      centre[i] = (byte) (60 + r.nextInt(136));
    }
    for (int k = 0; k < 3; k++) {
      byte[] up = new byte[BYTES];
      byte[] down = new byte[BYTES];
      for (int i = 0; i < BYTES; i++) {
        int d = r.nextInt(61);
        up[i] = (byte) ((centre[i] & 0xff) + d);
        down[i] = (byte) ((centre[i] & 0xff) - d);
      }
      frames.add(up);
      frames.add(down);
    }
    MeanFrameSums sums = new MeanFrameSums(BYTES);
    frames.forEach(sums::add);
    MeanFrame mean = sums.mean(H, W, 3);
    List<FrameQuality> perFrame = new ArrayList<>();
    for (int k = 0; k < frames.size(); k++) {
      perFrame.add(FrameQuality.measure(k, frames.get(k), centre.clone(), mean, H, W, 3));
    }
    QualitySummary s = QualitySummary.of(perFrame);
    assertEquals(s.meanFramePsnr(), s.psnr());
    assertEquals(s.meanFrameSsim(), s.meanSsim());
    assertEquals(0.0, s.psnrMargin());
    assertTrue(Double.isFinite(s.psnr()) && s.psnr() > 0, "psnr " + s.psnr());
    assertTrue(s.sharpnessRatio() < 1, "the mean of noisy frames is smoother than they are: " + s.sharpnessRatio());

    // and a perfect reconstruction beats it
    List<FrameQuality> perfect = new ArrayList<>();
    for (int k = 0; k < frames.size(); k++) {
      perfect.add(FrameQuality.measure(k, frames.get(k), frames.get(k).clone(), mean, H, W, 3));
    }
    QualitySummary p = QualitySummary.of(perfect);
    assertEquals(Double.POSITIVE_INFINITY, p.psnr());
    assertEquals(s.meanFramePsnr(), p.meanFramePsnr());
    assertEquals(1.0, p.sharpnessRatio());
  }
}
