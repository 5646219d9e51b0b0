package io.autoencoded.reconstruct;

import io.autoencoded.reconstruct.plan.SegmentPlan;
import io.autoencoded.reconstruct.quality.FrameQuality;
import io.autoencoded.reconstruct.temporal.PairFlicker;
import java.io.Serializable;
import java.util.List;

/**
 * What one reconstruct task did: its plan, the presentation time of its first frame, the frames it reconstructed,
 * per-frame quality and the warping error of each pair of consecutive frames that ends in it (numbers only: a
 * film's worth travels to the driver; both empty without evaluation), and where its time went.
 */
public record SegmentResult(SegmentPlan plan, long firstPtsUs, int frames, List<FrameQuality> quality,
    List<PairFlicker> flicker, double readSeconds, double modelSeconds, double writeSeconds) implements Serializable {}
