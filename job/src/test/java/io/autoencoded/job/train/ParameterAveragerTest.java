package io.autoencoded.job.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.StepLosses;
import org.junit.jupiter.api.Test;

class ParameterAveragerTest {
  private static final ModelSpec SPEC = new ModelSpec(16, 16, 3, 4, 8, 2.5, 1e-3, 1);

  private static ReplicaResult replica(float[] p, float[] u, long it, double loss) {
    return new ReplicaResult(p, u, it, LossTotals.ZERO.plus(new StepLosses(loss, loss, loss, loss, true, false)),
        4, 1000);
  }

  @Test
  void averagesParametersAndUpdaterStateWhateverTheMergeTree() {
    ParameterAverager left = new ParameterAverager().add(replica(new float[] {1, 2}, new float[] {10}, 5, 1))
        .add(replica(new float[] {3, 4}, new float[] {20}, 5, 2));
    ParameterAverager right = new ParameterAverager().add(replica(new float[] {5, 6}, new float[] {30}, 4, 3));
    ParameterAverager all = new ParameterAverager().merge(left).merge(new ParameterAverager()).merge(right);
    assertEquals(2.0, all.losses().mean().llike(), 1e-12);
    assertEquals(3, all.count());
    ModelState avg = all.average(SPEC);
    assertArrayEquals(new float[] {3, 4}, avg.parameters(), 1e-6f);
    assertArrayEquals(new float[] {20}, avg.updaterState(), 1e-6f);
    assertEquals(5, avg.iteration(), "the step counter never goes back");
  }

  @Test
  void oneReplicaPassesThroughBitForBit() {
    float[] p = {0.1f, (float) Math.PI, -7.25e-9f};
    ModelState avg = new ParameterAverager().add(replica(p, new float[] {1e-30f}, 9, 0)).average(SPEC);
    assertArrayEquals(p, avg.parameters());
    assertArrayEquals(new float[] {1e-30f}, avg.updaterState());
  }

  @Test
  void countsLossesAndSkippedUpdates() {
    ParameterAverager a = new ParameterAverager().add(replica(new float[] {0}, new float[0], 1, 1))
        .add(replica(new float[] {0}, new float[0], 1, Double.NaN));
    RoundLosses mean = a.losses().mean();
    assertEquals(2, mean.decoderSkipped());
    assertEquals(1, mean.nonFinite());
    assertEquals(true, mean.diverged(1e6));
    assertSame(a, a.merge(new ParameterAverager()));
  }
}
