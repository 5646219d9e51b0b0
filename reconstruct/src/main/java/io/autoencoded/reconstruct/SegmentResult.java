package io.autoencoded.reconstruct;

import io.autoencoded.reconstruct.plan.SegmentPlan;
import io.autoencoded.reconstruct.quality.FramePair;
import io.autoencoded.reconstruct.quality.FrameQuality;
import java.io.Serializable;
import java.util.List;

/**
 * What one reconstruct task did: its plan, the presentation time of its first frame, per-frame quality, its
 * worst frames (with pixels, for the report), and where its time went.
 */
public record SegmentResult(SegmentPlan plan, long firstPtsUs, List<FrameQuality> quality, List<FramePair> worst,
    double readSeconds, double modelSeconds, double writeSeconds) implements Serializable {}
