package io.autoencoded.reconstruct.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a film's frame indexes {@code [0, frameCount)} into contiguous segments of nearly equal length: at most
 * {@code maxFramesPerSegment} frames each, and at least {@code minSegments} segments when the film has that
 * many frames (so that a short film still keeps every core busy). Lengths differ by at most one frame.
 */
public final class SegmentPlanner {
  private final int maxFramesPerSegment;
  private final int minSegments;

  public SegmentPlanner(int maxFramesPerSegment, int minSegments) {
    if (maxFramesPerSegment < 1 || minSegments < 1) {
      throw new IllegalArgumentException("maxFramesPerSegment and minSegments must be >= 1");
    }
    this.maxFramesPerSegment = maxFramesPerSegment;
    this.minSegments = minSegments;
  }

  public List<SegmentPlan> plan(long frameCount) {
    if (frameCount < 0) {
      throw new IllegalArgumentException("negative frame count " + frameCount);
    }
    List<SegmentPlan> plans = new ArrayList<>();
    if (frameCount == 0) {
      return plans;
    }
    long bySize = (frameCount + maxFramesPerSegment - 1) / maxFramesPerSegment;
    long segments = Math.min(frameCount, Math.max(bySize, minSegments));
    if (segments > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many segments: " + segments);
    }
    long base = frameCount / segments;
    long extra = frameCount % segments;
    long first = 0;
    for (int i = 0; i < segments; i++) {
      int length = (int) (base + (i < extra ? 1 : 0));
      plans.add(new SegmentPlan(i, first, length));
      first += length;
    }
    return plans;
  }
}
