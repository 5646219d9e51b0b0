package io.autoencoded.reconstruct.quality;

import java.io.Serializable;

/**
 * Per-pixel sums of frames (uint8 HWC, all of one size), to average a film without holding it: one long per
 * value, whatever the film's length. Each Spark task sums its own frames; the driver merges the tasks' sums.
 */
public final class MeanFrameSums implements Serializable {
  private static final long serialVersionUID = 1L;
  private final long[] sums;
  private long frames;

  public MeanFrameSums(int frameBytes) {
    if (frameBytes <= 0) {
      throw new IllegalArgumentException("a frame has " + frameBytes + " bytes");
    }
    this.sums = new long[frameBytes];
  }

  public void add(byte[] frame) {
    if (frame.length != sums.length) {
      throw new IllegalArgumentException("frame has " + frame.length + " bytes, expected " + sums.length);
    }
    for (int i = 0; i < sums.length; i++) {
      sums[i] += frame[i] & 0xff;
    }
    frames++;
  }

  /** Adds {@code other}'s frames to these and returns this (Spark's reduce may reuse its left argument). */
  public MeanFrameSums plus(MeanFrameSums other) {
    if (other.sums.length != sums.length) {
      throw new IllegalArgumentException("sums of " + other.sums.length + " and " + sums.length + " values");
    }
    for (int i = 0; i < sums.length; i++) {
      sums[i] += other.sums[i];
    }
    frames += other.frames;
    return this;
  }

  public long frames() {
    return frames;
  }

  /** The mean of the frames added, unrounded. */
  public MeanFrame mean(int height, int width, int channels) {
    if (frames == 0) {
      throw new IllegalStateException("no frames to average");
    }
    double[] mean = new double[sums.length];
    for (int i = 0; i < sums.length; i++) {
      mean[i] = (double) sums[i] / frames;
    }
    return new MeanFrame(mean, height, width, channels);
  }
}
