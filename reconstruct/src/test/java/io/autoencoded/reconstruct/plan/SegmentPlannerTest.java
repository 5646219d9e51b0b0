package io.autoencoded.reconstruct.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentPlannerTest {
  private static void assertCovers(List<SegmentPlan> plans, long frames, int max) {
    long next = 0;
    for (int i = 0; i < plans.size(); i++) {
      SegmentPlan p = plans.get(i);
      assertEquals(i, p.index());
      assertEquals(next, p.firstFrame(), "contiguous");
      assertTrue(p.frameCount() <= max, "at most " + max);
      next = p.endFrame();
    }
    assertEquals(frames, next, "every frame exactly once");
    int min = plans.stream().mapToInt(SegmentPlan::frameCount).min().orElse(0);
    int maxLen = plans.stream().mapToInt(SegmentPlan::frameCount).max().orElse(0);
    assertTrue(maxLen - min <= 1, "balanced");
  }

  @Test
  void cutsIntoBalancedContiguousSegmentsOfAtMostTheMaximum() {
    List<SegmentPlan> plans = new SegmentPlanner(240, 1).plan(1000);
    assertEquals(5, plans.size());
    assertCovers(plans, 1000, 240);
    assertEquals(new SegmentPlan(0, 0, 200), plans.get(0));
  }

  @Test
  void shortFilmsStillFillTheCores() {
    List<SegmentPlan> plans = new SegmentPlanner(240, 4).plan(190);
    assertEquals(4, plans.size());
    assertCovers(plans, 190, 240);
    assertEquals(48, plans.get(0).frameCount());
    assertEquals(47, plans.get(3).frameCount());
  }

  @Test
  void neverMoreSegmentsThanFrames() {
    assertEquals(3, new SegmentPlanner(240, 16).plan(3).size());
    assertEquals(1, new SegmentPlanner(1, 1).plan(1).size());
    assertTrue(new SegmentPlanner(10, 2).plan(0).isEmpty());
  }

  @Test
  void coversOddSizesExactly() {
    for (long frames : new long[] {1, 7, 16, 17, 168_001}) {
      for (int max : new int[] {1, 5, 240}) {
        if (frames / max > 200_000) {
          continue;
        }
        assertCovers(new SegmentPlanner(max, 3).plan(frames), frames, max);
      }
    }
  }

  @Test
  void namesSortInFilmOrder() {
    assertEquals("seg-000009", new SegmentPlan(9, 90, 10).name());
    assertTrue(new SegmentPlan(9, 90, 10).name().compareTo(new SegmentPlan(10, 100, 10).name()) < 0);
  }
}
