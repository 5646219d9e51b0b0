package io.autoencoded.job.train;

import java.io.Serializable;

/**
 * A seeded random permutation of [0, n), computed one element at a time (no table: a film has 168,000 frames
 * and the permutation is evaluated inside Spark tasks). A 4-round Feistel network over the smallest even-bit
 * domain covering n, with cycle walking to stay inside [0, n): a bijection for any seed.
 */
public final class FramePermutation implements Serializable {
  private final long n;
  private final long seed;
  private final int halfBits;
  private final long halfMask;

  public FramePermutation(long n, long seed) {
    if (n <= 0) {
      throw new IllegalArgumentException("n must be positive, got " + n);
    }
    this.n = n;
    this.seed = seed;
    int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
    this.halfBits = Math.max(1, (bits + 1) / 2);
    this.halfMask = (1L << halfBits) - 1;
  }

  /** The position of element {@code i} after shuffling. */
  public long apply(long i) {
    if (i < 0 || i >= n) {
      throw new IndexOutOfBoundsException(i + " not in [0, " + n + ")");
    }
    long x = i;
    do {
      x = feistel(x);
    } while (x >= n);
    return x;
  }

  private long feistel(long x) {
    long left = x >>> halfBits;
    long right = x & halfMask;
    for (int round = 0; round < 4; round++) {
      long next = left ^ (mix(right, round) & halfMask);
      left = right;
      right = next;
    }
    return (left << halfBits) | right;
  }

  private long mix(long v, int round) {
    long z = v * 0x9E3779B97F4A7C15L + seed + round * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A different, reproducible shuffle for every epoch of a run. */
  public static long epochSeed(long runSeed, int epoch) {
    long z = runSeed + 0x9E3779B97F4A7C15L * (epoch + 1L);
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    return z ^ (z >>> 33);
  }
}
