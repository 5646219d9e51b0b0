package io.autoencoded.job.train;

import io.autoencoded.job.model.ModelSpec;
import java.io.Serializable;

/**
 * The averaging step of synchronous parameter averaging (DL4J's {@code ParameterAveragingTrainingMaster}):
 * replicas' parameters and updater state are summed with a count, merged pairwise (Spark's treeAggregate), then
 * divided on the driver. Plain Java over float arrays; the sums are kept in float (a few replicas; a double
 * copy of a 76 M-parameter model would cost 600 MB per task).
 *
 * <p>The step counter of the result is the largest replica's: replicas that ran out of frames early in the
 * last round of an epoch took fewer steps, and Adam's bias correction must not go backwards.
 */
public final class ParameterAverager implements Serializable {
  private float[] parameterSum;
  private float[] updaterSum;
  private long count;
  private long maxIteration;
  private LossTotals losses = LossTotals.ZERO;
  private long frames;
  private long maxComputeNanos;

  public ParameterAverager add(ReplicaResult r) {
    if (parameterSum == null) {
      parameterSum = r.parameters().clone();
      updaterSum = r.updaterState().clone();
    } else {
      addInto(parameterSum, r.parameters());
      addInto(updaterSum, r.updaterState());
    }
    count++;
    maxIteration = Math.max(maxIteration, r.iteration());
    losses = losses.plus(r.losses());
    frames += r.frames();
    maxComputeNanos = Math.max(maxComputeNanos, r.computeNanos());
    return this;
  }

  public ParameterAverager merge(ParameterAverager o) {
    if (o.count == 0) {
      return this;
    }
    if (count == 0) {
      return o;
    }
    addInto(parameterSum, o.parameterSum);
    addInto(updaterSum, o.updaterSum);
    count += o.count;
    maxIteration = Math.max(maxIteration, o.maxIteration);
    losses = losses.plus(o.losses);
    frames += o.frames;
    maxComputeNanos = Math.max(maxComputeNanos, o.maxComputeNanos);
    return this;
  }

  public long count() {
    return count;
  }

  public LossTotals losses() {
    return losses;
  }

  public long frames() {
    return frames;
  }

  /** The slowest replica's training time: the round's compute; the rest of its wall time is overhead. */
  public long maxComputeNanos() {
    return maxComputeNanos;
  }

  /** The averaged model; the accumulator must not be used afterwards (its arrays are reused). */
  public ModelState average(ModelSpec spec) {
    if (count == 0) {
      throw new IllegalStateException("no replica reported back in this round");
    }
    return new ModelState(spec, divide(parameterSum, count), divide(updaterSum, count), maxIteration);
  }

  private static void addInto(float[] sum, float[] x) {
    if (sum.length != x.length) {
      throw new IllegalArgumentException("replicas disagree on the model size: " + sum.length + " vs " + x.length);
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] += x[i];
    }
  }

  private static float[] divide(float[] sum, long n) {
    if (n == 1) {
      return sum; // exact: one replica's values pass through untouched
    }
    float inv = 1f / n;
    for (int i = 0; i < sum.length; i++) {
      sum[i] *= inv;
    }
    return sum;
  }
}
