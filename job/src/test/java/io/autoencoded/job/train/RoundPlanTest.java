package io.autoencoded.job.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoundPlanTest {
  @Test
  void everyPositionLandsInExactlyOneRoundSliceAndReplicasAreBalanced() {
    for (int workers = 1; workers <= 4; workers++) {
      RoundPlan plan = new RoundPlan(190, workers, 4, 3);
      long[][] counts = new long[plan.rounds()][workers];
      for (long q = 0; q < 190; q++) {
        int p = plan.partitionOf(q);
        assertTrue(p >= 0 && p < plan.partitions());
        assertEquals(plan.roundOf(q), plan.roundOfPartition(p));
        counts[plan.roundOf(q)][plan.workerOf(q)]++;
      }
      long total = 0;
      for (int r = 0; r < plan.rounds(); r++) {
        for (int w = 0; w < workers; w++) {
          assertEquals(plan.framesIn(r, w), counts[r][w], "round " + r + " worker " + w);
          assertTrue(counts[r][w] <= plan.framesPerRound());
          total += counts[r][w];
        }
      }
      assertEquals(190, total);
      long most = plan.framesOf(0);
      long least = plan.framesOf(workers - 1);
      assertTrue(most - least <= 1, "replicas differ by " + (most - least));
    }
  }

  @Test
  void roundsCoverTheLargestShard() {
    RoundPlan plan = new RoundPlan(100, 2, 12, 5);
    assertEquals(60, plan.framesPerRound());
    assertEquals(1, plan.rounds());
    assertEquals(50, plan.framesIn(0, 1));
    RoundPlan small = new RoundPlan(168_000, 8, 12, 5);
    assertEquals(350, small.rounds());
    assertEquals(2800, small.partitions());
  }
}
