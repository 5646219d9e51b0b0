package io.autoencoded.job.train;

import io.autoencoded.job.spark.TaskThreads;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * One round of synchronous parameter averaging as a Spark job: the state is broadcast, partition i of
 * {@code replicaFrames} is replica i's frames, each replica trains its minibatches from the broadcast state, and
 * the replicas' results are tree-aggregated into a {@link ParameterAverager}. The training loop runs one per
 * round; the {@link TrainingProbe} runs the same job on a few frames, so that it times what a round costs.
 */
final class ReplicaRound {
  private ReplicaRound() {}

  static ParameterAverager run(JavaSparkContext sc, JavaRDD<byte[]> replicaFrames, ModelState state,
      ModelFactory factory, int batchSize, int nativeThreads) {
    Broadcast<ModelState> shared = sc.broadcast(state);
    try {
      return replicaFrames
          .mapPartitionsWithIndex((replica, frames) -> {
            TaskThreads.apply(nativeThreads);
            ModelState s = shared.value();
            TrainableModel model = ReplicaPool.borrow(factory, s.spec());
            try {
              model.reseedNoise(ReplicaTrainer.noiseSeed(s, replica));
              ReplicaResult r = ReplicaTrainer.train(model, s, frames, batchSize);
              return r == null ? Collections.<ReplicaResult>emptyIterator() : List.of(r).iterator();
            } finally {
              ReplicaPool.giveBack(factory, model);
            }
          }, false)
          .treeAggregate(new ParameterAverager(), ParameterAverager::add, ParameterAverager::merge);
    } finally {
      shared.destroy();
    }
  }
}
