package io.autoencoded.reconstruct.plan;

import java.io.Serializable;

/**
 * One task's share of a film: the consecutive frames {@code [firstFrame, firstFrame + frameCount)}, which
 * become one video segment and one latents file named by {@code index}.
 */
public record SegmentPlan(int index, long firstFrame, int frameCount) implements Serializable {
  public SegmentPlan {
    if (index < 0 || firstFrame < 0 || frameCount <= 0) {
      throw new IllegalArgumentException("bad segment " + index + " [" + firstFrame + ", +" + frameCount + ")");
    }
  }

  /** One past the last frame index. */
  public long endFrame() {
    return firstFrame + frameCount;
  }

  /** The segment's file name stem: zero-padded so that names sort in film order. */
  public String name() {
    return String.format("seg-%06d", index);
  }
}
