package io.autoencoded.reconstruct.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LatentPathTest {
  private static float[] code(LatentPath p, long frame) {
    return p.codes(frame, 1);
  }

  @Test
  void aWalkStartsAndEndsOnItsCodesAndAnyRangeIsTheSameAsTheWhole() {
    WalkPath walk = new WalkPath(new float[] {1, 0, 0}, new float[] {0, 0, 3}, 11);
    assertArrayEquals(new float[] {1, 0, 0}, code(walk, 0));
    assertArrayEquals(new float[] {0, 0, 3}, code(walk, 10));
    float[] whole = walk.codes(0, 11);
    // a task's range gives the same codes as the whole path: segments join without a seam
    assertArrayEquals(Arrays.copyOfRange(whole, 4 * 3, 9 * 3), walk.codes(4, 5));
  }

  @Test
  void theSameSeedDreamsTheSameSmoothPathOnThePriorsShell() {
    int latent = 200;
    DreamPath a = DreamPath.of(42, latent, 100, 24);
    DreamPath b = DreamPath.of(42, latent, 100, 24);
    DreamPath c = DreamPath.of(43, latent, 100, 24);
    assertArrayEquals(a.codes(0, 100), b.codes(0, 100));
    assertFalse(Arrays.equals(a.codes(0, 100), c.codes(0, 100)));
    assertEquals(6, a.keyframes().length, "keyframes at frames 0, 24, ..., 120: frame 99 lies between the last two");
    assertArrayEquals(a.keyframes()[2], code(a, 48));
    double shell = Math.sqrt(latent);
    double largestStep = 0;
    for (long f = 0; f < 100; f++) {
      float[] z = code(a, f);
      assertEquals(shell, Neighbour.distance(z, new float[latent]), 0.2 * shell, "frame " + f + " on the shell");
      if (f > 0) {
        largestStep = Math.max(largestStep, Neighbour.distance(z, code(a, f - 1)));
      }
    }
    // two samples are about a quarter of a great circle apart; smoothstep moves at most 1.5x its mean speed
    assertTrue(largestStep < 1.7 * (Math.PI / 2) * shell / 24, "largest step " + largestStep);
  }
}
