package io.autoencoded.job.store;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One stored frame, the schema of {@code frames/film_id=ID/part-*.parquet}: uint8 RGB, row-major
 * height x width x channels.
 */
public record FrameRow(long frameIndex, long ptsUs, int height, int width, int channels, byte[] pixels)
    implements Serializable {

  public FrameRow {
    if (pixels.length != height * width * channels) {
      throw new IllegalArgumentException("frame " + frameIndex + " has " + pixels.length + " bytes, expected "
          + height + "x" + width + "x" + channels);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FrameRow f && f.frameIndex == frameIndex && f.ptsUs == ptsUs && f.height == height
        && f.width == width && f.channels == channels && Arrays.equals(f.pixels, pixels);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(frameIndex) * 31 + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "FrameRow[" + frameIndex + " @" + ptsUs + "us " + height + "x" + width + "x" + channels + "]";
  }
}
