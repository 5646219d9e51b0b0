package io.autoencoded.job.train;

import io.autoencoded.job.model.StepLosses;
import io.autoencoded.job.tensor.FrameTensorCodec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One replica's share of a round: start from the broadcast state, train minibatches over this replica's frames
 * (in order), hand back the resulting parameters, optimizer state and losses. Plain Java: the Spark job calls it
 * inside a task, tests call it in-process as the single-process reference.
 */
public final class ReplicaTrainer {
  private ReplicaTrainer() {}

  /** Each replica of each round draws different sampling noise, reproducibly. */
  public static long noiseSeed(ModelState start, int replica) {
    return FramePermutation.epochSeed(start.spec().seed() ^ (start.iteration() * 0x9E3779B97F4A7C15L), replica);
  }

  /** Returns null when the replica got no frames this round (it then takes no part in the average). */
  public static ReplicaResult train(TrainableModel model, ModelState start, Iterator<byte[]> frames, int batchSize) {
    if (!frames.hasNext()) {
      return null;
    }
    FrameTensorCodec codec = new FrameTensorCodec(start.spec().height(), start.spec().width(),
        start.spec().channels());
    start.applyTo(model);
    long began = System.nanoTime();
    LossTotals losses = LossTotals.ZERO;
    long seen = 0;
    List<byte[]> batch = new ArrayList<>(batchSize);
    while (frames.hasNext()) {
      batch.add(frames.next());
      if (batch.size() == batchSize || !frames.hasNext()) {
        StepLosses step = model.trainStep(codec.toBatch(batch));
        losses = losses.plus(step);
        seen += batch.size();
        batch.clear();
      }
    }
    long compute = System.nanoTime() - began;
    ModelState end = ModelState.of(model);
    return new ReplicaResult(end.parameters(), end.updaterState(), start.iteration() + losses.steps(), losses,
        seen, compute);
  }
}
