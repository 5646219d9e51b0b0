package io.autoencoded.job.train;

import io.autoencoded.job.model.ModelSpec;
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
    TrainableModel m = IDLE.computeIfAbsent(new Key(factory, spec), k -> new ConcurrentLinkedQueue<>()).poll();
    return m != null ? m : factory.create(spec);
  }

  static void giveBack(ModelFactory factory, TrainableModel model) {
    IDLE.computeIfAbsent(new Key(factory, model.spec()), k -> new ConcurrentLinkedQueue<>()).add(model);
  }

  private record Key(ModelFactory factory, ModelSpec spec) {}
}
