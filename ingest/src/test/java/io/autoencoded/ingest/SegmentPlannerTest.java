package io.autoencoded.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentPlannerTest {
  static final long NO = FilmScan.NO_TS;

  /** Packets of a film with frames at pts = 10*i (+offset), keyframes every gop, in decode order without B-frames. */
  static long[][] simple(int frames, int gop, long offset) {
    long[] pts = new long[frames];
    long[] dts = new long[frames];
    long[] key = new long[frames];
    for (int i = 0; i < frames; i++) {
      pts[i] = offset + 10L * i;
      dts[i] = pts[i];
      key[i] = i % gop == 0 ? 1 : 0;
    }
    return new long[][] {pts, dts, key};
  }

  static boolean[] keys(long[] k) {
    boolean[] b = new boolean[k.length];
    for (int i = 0; i < k.length; i++) {
      b[i] = k[i] != 0;
    }
    return b;
  }

  static SegmentPlan plan(int segmentFrames, long[][] p) {
    return new SegmentPlanner(segmentFrames).plan(p[0], p[1], keys(p[2]));
  }

  /** Segments tile the frames: consecutive indexes and pts ranges, counts summing to the total. */
  static void assertTiles(SegmentPlan plan, long[] pts) {
    assertTrue(plan.planned());
    long[] sorted = pts.clone();
    java.util.Arrays.sort(sorted);
    long next = 0;
    List<Segment> segments = plan.segments();
    for (int j = 0; j < segments.size(); j++) {
      Segment s = segments.get(j);
      assertEquals(j, s.index());
      assertEquals(next, s.firstFrame());
      assertEquals(sorted[(int) s.firstFrame()], s.firstFramePts());
      assertEquals(sorted[(int) (s.firstFrame() + s.frameCount() - 1)], s.lastFramePts());
      assertEquals(sorted[0], s.originPts());
      for (long p : pts) {
        boolean inside = p >= sorted[(int) s.firstFrame()] && p <= s.lastFramePts();
        assertEquals(inside, s.contains(p), "pts " + p + " in segment " + j);
      }
      assertEquals(j == 0, !s.seeks());
      next += s.frameCount();
    }
    assertEquals(Long.MIN_VALUE, segments.get(0).startPts());
    assertEquals(Long.MAX_VALUE, segments.get(segments.size() - 1).endPts());
    assertEquals(pts.length, next);
    assertEquals(pts.length, plan.frames());
  }

  @Test
  void manyKeyframesMakeSegmentsOfAtLeastTheTargetSize() {
    long[][] p = simple(100, 5, 0);
    SegmentPlan plan = plan(20, p);
    assertTiles(plan, p[0]);
    assertEquals(5, plan.segments().size());
    for (Segment s : plan.segments()) {
      assertEquals(20, s.frameCount());
    }
    Segment second = plan.segments().get(1);
    assertEquals(200, second.startPts());
    assertEquals(200, second.seekTs());
    assertEquals(400, second.endPts());
  }

  @Test
  void segmentsStartOnlyAtKeyframes() {
    long[][] p = simple(100, 30, 0);
    SegmentPlan plan = plan(20, p);
    assertTiles(plan, p[0]);
    for (Segment s : plan.segments().subList(1, plan.segments().size())) {
      assertEquals(0, s.firstFrame() % 30);
    }
    assertEquals(4, plan.segments().size());
  }

  @Test
  void oneKeyframeOnlyIsOneSegment() {
    long[][] p = simple(50, 1000, 0);
    SegmentPlan plan = plan(10, p);
    assertTiles(plan, p[0]);
    assertEquals(1, plan.segments().size());
    assertFalse(plan.segments().get(0).seeks());
  }

  @Test
  void fewerFramesThanASegment() {
    long[][] p = simple(7, 2, 0);
    SegmentPlan plan = plan(1000, p);
    assertTiles(plan, p[0]);
    assertEquals(1, plan.segments().size());
    assertEquals(7, plan.segments().get(0).frameCount());
  }

  @Test
  void streamsThatDoNotStartAtZero() {
    long[][] p = simple(60, 10, 123_456);
    SegmentPlan plan = plan(20, p);
    assertTiles(plan, p[0]);
    assertEquals(123_456, plan.segments().get(2).originPts());
  }

  @Test
  void bFramesAreCountedInPresentationOrder() {
    // decode order I0 P3 B1 B2 | I6 P9 B7 B8 | ... with B-frames shown before the P-frame decoded ahead of them
    int gops = 6;
    long[] pts = new long[gops * 4];
    long[] dts = new long[gops * 4];
    boolean[] key = new boolean[gops * 4];
    int[] order = {0, 3, 1, 2};
    for (int g = 0; g < gops; g++) {
      for (int k = 0; k < 4; k++) {
        int i = g * 4 + k;
        pts[i] = 10L * (g * 4 + order[k]) + 20;
        dts[i] = 10L * i;
        key[i] = k == 0;
      }
    }
    SegmentPlan plan = new SegmentPlanner(8).plan(pts, dts, key);
    assertTiles(plan, pts);
    assertEquals(3, plan.segments().size());
    Segment s = plan.segments().get(1);
    assertEquals(8, s.firstFrame());
    assertEquals(8 * 10 + 20, s.startPts());
    // the seek goes to the keyframe's decode timestamp, at or before its presentation
    assertEquals(80, s.seekTs());
  }

  @Test
  void openGopLeadingFramesBelongToThePreviousSegment() {
    // decode order: I(pts 20) B(0) B(10) P(50) B(30) B(40) I(80) B(60) B(70) ...: the B-frames after each I are
    // shown before it, so they are frames of the previous segment
    long[] pts = {20, 0, 10, 50, 30, 40, 80, 60, 70, 110, 90, 100};
    long[] dts = {-10, 0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    boolean[] key = {true, false, false, false, false, false, true, false, false, false, false, false};
    SegmentPlan plan = new SegmentPlanner(4).plan(pts, dts, key);
    assertTiles(plan, pts);
    assertEquals(2, plan.segments().size());
    Segment second = plan.segments().get(1);
    assertEquals(8, second.firstFrame());
    assertEquals(80, second.startPts());
    assertEquals(4, second.frameCount());
  }

  @Test
  void aKeyframeShownBeforeAnEarlierPacketCannotStartASegment() {
    // the packet before the second keyframe is shown after it: seeking to that keyframe would lose it
    long[] pts = {0, 10, 20, 50, 40, 60, 70, 80};
    long[] dts = {0, 10, 20, 30, 40, 50, 60, 70};
    boolean[] key = {true, false, false, false, true, false, true, false};
    SegmentPlan plan = new SegmentPlanner(2).plan(pts, dts, key);
    assertTiles(plan, pts);
    for (Segment s : plan.segments()) {
      assertTrue(s.startPts() != 40, "segment starting at the unsafe keyframe");
    }
  }

  @Test
  void missingTimestampsMeanASequentialDecode() {
    long[][] p = simple(30, 5, 0);
    p[0][7] = NO;
    SegmentPlan plan = plan(10, p);
    assertFalse(plan.planned());
    assertEquals(1, plan.segments().size());
    assertFalse(plan.segments().get(0).planned());
    assertTrue(plan.sequentialReason().contains("timestamp"));
  }

  @Test
  void repeatedTimestampsMeanASequentialDecode() {
    long[][] p = simple(30, 5, 0);
    p[0][8] = p[0][7];
    assertFalse(plan(10, p).planned());
  }

  @Test
  void noPacketsMeanASequentialDecode() {
    assertFalse(new SegmentPlanner(10).plan(new long[0], new long[0], new boolean[0]).planned());
  }
}
