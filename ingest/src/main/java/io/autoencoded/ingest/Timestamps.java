package io.autoencoded.ingest;

import java.math.BigInteger;

/** Exact conversion of stream timestamps to microseconds (rounded to nearest), without overflow. */
final class Timestamps {
  private Timestamps() {}

  static long micros(long ticks, int num, int den) {
    long scaled;
    try {
      scaled = Math.multiplyExact(Math.multiplyExact(ticks, 1_000_000L), num);
    } catch (ArithmeticException e) {
      return BigInteger.valueOf(ticks).multiply(BigInteger.valueOf(1_000_000L * num))
          .divide(BigInteger.valueOf(den)).longValueExact();
    }
    return Math.floorDiv(scaled + den / 2, den);
  }
}
