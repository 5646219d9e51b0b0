package io.autoencoded.job.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class FramePermutationTest {
  @Test
  void isABijectionForAwkwardSizes() {
    for (long n : new long[] {1, 2, 3, 7, 16, 190, 1000, 4097}) {
      FramePermutation p = new FramePermutation(n, 1234);
      BitSet seen = new BitSet();
      for (long i = 0; i < n; i++) {
        long q = p.apply(i);
        assertTrue(q >= 0 && q < n, "position in range");
        assertTrue(!seen.get((int) q), "position " + q + " hit twice for n=" + n);
        seen.set((int) q);
      }
      assertEquals(n, seen.cardinality());
    }
  }

  @Test
  void dependsOnTheSeedAndIsReproducible() {
    FramePermutation a = new FramePermutation(1000, FramePermutation.epochSeed(42, 0));
    FramePermutation b = new FramePermutation(1000, FramePermutation.epochSeed(42, 1));
    FramePermutation again = new FramePermutation(1000, FramePermutation.epochSeed(42, 0));
    int same = 0;
    int moved = 0;
    for (int i = 0; i < 1000; i++) {
      assertEquals(a.apply(i), again.apply(i));
      if (a.apply(i) == b.apply(i)) {
        same++;
      }
      if (a.apply(i) != i) {
        moved++;
      }
    }
    assertTrue(same < 50, "two epochs share " + same + " positions");
    assertTrue(moved > 950, "only " + moved + " frames moved");
    assertNotEquals(FramePermutation.epochSeed(42, 0), FramePermutation.epochSeed(43, 0));
  }
}
