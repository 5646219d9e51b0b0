package io.autoencoded.reconstruct.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SlerpTest {
  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }

  private static float[] gaussian(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  @Test
  void endsAreExactAndTheNormOfTwoPriorSamplesStaysOnTheShell() {
    Random r = new Random(1);
    float[] a = gaussian(r, 200);
    float[] b = gaussian(r, 200);
    assertArrayEquals(a, Slerp.between(a, b, 0));
    assertArrayEquals(b, Slerp.between(a, b, 1));
    double shell = (norm(a) + norm(b)) / 2;
    for (double t = 0.1; t < 1; t += 0.1) {
      assertEquals(shell, norm(Slerp.between(a, b, t)), 0.05 * shell, "slerp at " + t);
    }
    // the straight line's midpoint sinks to about 1/sqrt(2) of the shell: what slerp is for
    float[] mid = new float[200];
    for (int i = 0; i < 200; i++) {
      mid[i] = (a[i] + b[i]) / 2;
    }
    assertTrue(norm(mid) < 0.8 * shell, "lerp midpoint " + norm(mid) + " vs shell " + shell);
  }

  @Test
  void betweenCodesOfEqualNormTheNormStaysAndTheAngleIsEvenlySpaced() {
    float[] a = {1, 0, 0};
    float[] c = {0, 1, 0};
    float[] half = Slerp.between(a, c, 0.5);
    assertEquals(1, norm(half), 1e-6);
    assertEquals(Math.PI / 4, Math.atan2(half[1], half[0]), 1e-6);
    float[] third = Slerp.between(a, c, 1.0 / 3);
    assertEquals(Math.PI / 6, Math.atan2(third[1], third[0]), 1e-6);
  }

  @Test
  void parallelCodesFallBackToTheLine() {
    float[] a = {1, 1};
    float[] b = {2, 2};
    assertArrayEquals(new float[] {1.5f, 1.5f}, Slerp.between(a, b, 0.5), 1e-6f);
    assertArrayEquals(new float[] {0.5f, 0.5f}, Slerp.between(new float[] {0, 0}, a, 0.5), 1e-6f);
  }
}
