package io.autoencoded.ingest;

import java.io.Serializable;
import java.util.List;

/**
 * How a film is cut into segments for parallel decoding, or why it is decoded sequentially.
 *
 * @param frames           frames the plan expects in all (-1 for a sequential decode: whatever it yields)
 * @param sequentialReason why the film is decoded in one task (null when it is planned in segments)
 */
public record SegmentPlan(List<Segment> segments, long frames, String sequentialReason) implements Serializable {

  public static SegmentPlan sequential(String reason) {
    return new SegmentPlan(List.of(Segment.wholeFilm()), -1, reason);
  }

  public boolean planned() {
    return sequentialReason == null;
  }
}
