package io.autoencoded.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a film into segments of about {@code segmentFrames} frames that start at keyframes, from the video
 * packets' timestamps alone (no decoding). Every packet is one frame; frames are numbered in presentation
 * order, so a frame's index is the rank of its presentation timestamp.
 *
 * <p>A keyframe can start a segment only if no packet before it in the file is shown at or after it (else a
 * task that seeks to the keyframe would never see that frame). Frames shown before the keyframe but stored
 * after it (open GOPs, B-frames) belong to the previous segment, whose task reads on past the boundary for them.
 * When timestamps are missing or repeated the frames cannot be told apart by timestamp, and the plan is a
 * single sequential decode.
 */
public final class SegmentPlanner {
  private final int segmentFrames;

  public SegmentPlanner(int segmentFrames) {
    if (segmentFrames < 1) {
      throw new IllegalArgumentException("segmentFrames " + segmentFrames);
    }
    this.segmentFrames = segmentFrames;
  }

  /**
   * @param pts per video packet in decode order, presentation timestamp ({@link FilmScan#NO_TS} if unknown)
   * @param dts per packet, decode timestamp ({@link FilmScan#NO_TS} if unknown)
   * @param key per packet, whether it holds a keyframe
   */
  public SegmentPlan plan(long[] pts, long[] dts, boolean[] key) {
    int n = pts.length;
    if (n == 0) {
      return SegmentPlan.sequential("the container lists no video packets");
    }
    for (long p : pts) {
      if (p == FilmScan.NO_TS) {
        return SegmentPlan.sequential("the container does not give every frame a presentation timestamp");
      }
    }
    long[] sorted = pts.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < n; i++) {
      if (sorted[i] == sorted[i - 1]) {
        return SegmentPlan.sequential("two frames share a presentation timestamp");
      }
    }
    long origin = sorted[0];
    // candidate starts: keyframes that no earlier packet is shown at or after, ordered by their frame index
    List<int[]> starts = new ArrayList<>(); // {rank, packet}
    long maxBefore = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      if (i > 0 && key[i] && maxBefore < pts[i]) {
        starts.add(new int[] {Arrays.binarySearch(sorted, pts[i]), i});
      }
      maxBefore = Math.max(maxBefore, pts[i]);
    }
    starts.sort((a, b) -> Integer.compare(a[0], b[0]));

    List<int[]> chosen = new ArrayList<>();
    int lastRank = 0;
    for (int[] s : starts) {
      if (s[0] - lastRank >= segmentFrames && n - s[0] > 0) {
        chosen.add(s);
        lastRank = s[0];
      }
    }
    List<Segment> segments = new ArrayList<>();
    long start = Long.MIN_VALUE;
    long seek = FilmScan.NO_TS;
    int firstRank = 0;
    for (int j = 0; j <= chosen.size(); j++) {
      boolean last = j == chosen.size();
      int endRank = last ? n : chosen.get(j)[0];
      long end = last ? Long.MAX_VALUE : sorted[endRank];
      segments.add(new Segment(j, start, end, seek, firstRank, endRank - firstRank, sorted[firstRank],
          sorted[endRank - 1], origin));
      if (!last) {
        int packet = chosen.get(j)[1];
        start = end;
        seek = dts[packet] != FilmScan.NO_TS ? Math.min(dts[packet], pts[packet]) : pts[packet];
        firstRank = endRank;
      }
    }
    return new SegmentPlan(List.copyOf(segments), n, null);
  }
}
