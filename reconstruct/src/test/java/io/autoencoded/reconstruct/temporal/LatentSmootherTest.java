package io.autoencoded.reconstruct.temporal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.autoencoded.job.store.FilmShots;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatentSmootherTest {
  static final int LATENT = 3;
  /** 30 frames, a cut at 12. */
  static final FilmShots SHOTS = FilmShots.fromCuts("f", 30, "t", "d", new long[] {12}, new double[] {9});

  static float[] codes(long seed, int frames) {
    Random r = new Random(seed);
    float[] c = new float[frames * LATENT];
    for (int i = 0; i < c.length; i++) {
      c[i] = (float) r.nextGaussian();
    }
    return c;
  }

  @Test
  void aGaussianOfHalfWidthKWithSigmaKOverTwo() {
    LatentSmoother smoother = new LatentSmoother(2);
    float[] codes = codes(1, 30);
    float[] out = smoother.smooth(codes, LATENT, 0, 5, 6, SHOTS);
    double[] w = {Math.exp(-2), Math.exp(-0.5), 1, Math.exp(-0.5), Math.exp(-2)};
    double total = w[0] + w[1] + w[2] + w[3] + w[4];
    for (int k = 0; k < LATENT; k++) {
      double expected = 0;
      for (int j = 0; j < 5; j++) {
        expected += w[j] * codes[(3 + j) * LATENT + k];
      }
      assertEquals(expected / total, out[k], 1e-6);
    }
  }

  @Test
  void neverAcrossACut() {
    LatentSmoother smoother = new LatentSmoother(4);
    float[] codes = codes(2, 30);
    float[] smoothed = smoother.smooth(codes, LATENT, 0, 0, 30, SHOTS);
    // the second shot's codes changed: the first shot's smoothed codes do not
    float[] other = codes.clone();
    for (int i = 12 * LATENT; i < other.length; i++) {
      other[i] += 5;
    }
    float[] again = smoother.smooth(other, LATENT, 0, 0, 30, SHOTS);
    assertArrayEquals(java.util.Arrays.copyOf(smoothed, 12 * LATENT), java.util.Arrays.copyOf(again, 12 * LATENT));
    // a shot of one code stays that code, up to the cut on either side
    float[] flat = new float[30 * LATENT];
    for (int t = 0; t < 30; t++) {
      java.util.Arrays.fill(flat, t * LATENT, (t + 1) * LATENT, t < 12 ? 1.5f : -0.25f);
    }
    assertArrayEquals(flat, smoother.smooth(flat, LATENT, 0, 0, 30, SHOTS));
  }

  @Test
  void aFrameNeedsOnlyItsWindowSoAnySliceGivesTheSameCodes() {
    LatentSmoother smoother = new LatentSmoother(3);
    float[] codes = codes(3, 30);
    float[] whole = smoother.smooth(codes, LATENT, 0, 0, 30, SHOTS);
    // frames 15..20 from the codes of frames 12..24 only (their windows, clipped at the cut)
    long[] first = smoother.window(15, SHOTS);
    long[] last = smoother.window(19, SHOTS);
    assertArrayEquals(new long[] {12, 19}, first);
    assertArrayEquals(new long[] {16, 23}, last);
    float[] slice = java.util.Arrays.copyOfRange(codes, 12 * LATENT, 23 * LATENT);
    assertArrayEquals(java.util.Arrays.copyOfRange(whole, 15 * LATENT, 20 * LATENT),
        smoother.smooth(slice, LATENT, 12, 15, 20, SHOTS));
    // a slice without a frame's whole window is refused, not smoothed differently
    assertThrows(IllegalArgumentException.class, () -> smoother.smooth(
        java.util.Arrays.copyOfRange(codes, 13 * LATENT, 23 * LATENT), LATENT, 13, 15, 20, SHOTS));
  }
}
