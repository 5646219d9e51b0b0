package io.autoencoded.job.train;

import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.spark.TaskGpu;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Models kept alive in an executor between rounds: building a VAE-GAN (initialising 76 M parameters, building
 * three networks) costs more than loading averaged parameters into an existing one. One model per concurrently
 * running task; a round borrows one and gives it back.
 */
final class ReplicaPool {
  private static final int NO_GPU = -1;
  private static final Map<Key, Queue<TrainableModel>> IDLE = new ConcurrentHashMap<>();

  private ReplicaPool() {}

  static TrainableModel borrow(ModelFactory factory, ModelSpec spec) {
    // a rollback changes the spec (learning rate): models of the old spec are never borrowed again, and are
    // released (a torch replica's GPU memory is not the garbage collector's)
    IDLE.entrySet().removeIf(e -> {
      boolean stale = e.getKey().factory().equals(factory) && !e.getKey().spec().equals(spec);
      if (stale) {
        e.getValue().forEach(TrainableModel::release);
      }
      return stale;
    });
    int gpu = TaskGpu.assigned().orElse(NO_GPU);
    TrainableModel m = IDLE.computeIfAbsent(new Key(factory, spec, gpu), k -> new ConcurrentLinkedQueue<>()).poll();
    if (m != null) {
      return m;
    }
    if (gpu != NO_GPU) {
      // once per model and executor: where each replica runs can be read in the executors' logs
      System.err.println("replica model built for GPU " + gpu + " (the Spark task's GPU address)");
    }
    return factory.create(spec);
  }

  static void giveBack(ModelFactory factory, TrainableModel model) {
    int gpu = TaskGpu.assigned().orElse(NO_GPU);
    IDLE.computeIfAbsent(new Key(factory, model.spec(), gpu), k -> new ConcurrentLinkedQueue<>()).add(model);
  }

  /** A model lives on the GPU of the task that built it: an executor with two GPUs keeps its models apart. */
  private record Key(ModelFactory factory, ModelSpec spec, int gpu) {}
}
