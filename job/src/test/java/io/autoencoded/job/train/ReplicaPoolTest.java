package io.autoencoded.job.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.autoencoded.job.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pooled replicas are reused for the same spec; those of a spec no longer trained are released, once. */
class ReplicaPoolTest {
  /** Linear autoencoders that record their release; equal to itself only (its list changes, its hash must not). */
  private static final class Counting implements ModelFactory {
    private final List<TrainableModel> released = new ArrayList<>();

    List<TrainableModel> released() {
      return released;
    }

    @Override
    public TrainableModel create(ModelSpec spec) {
      LinearAutoencoder inner = (LinearAutoencoder) LinearAutoencoder.Factory.INSTANCE.create(spec);
      return (TrainableModel) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {TrainableModel.class}, (proxy, method, args) -> {
            if ("release".equals(method.getName())) {
              released.add((TrainableModel) proxy);
              return null;
            }
            return method.invoke(inner, args);
          });
    }
  }

  @Test
  void replicasOfAnOldSpecAreReleased() {
    Counting factory = new Counting();
    ModelSpec spec = new ModelSpec(16, 16, 3, 2, 4, 2.5, 1e-3, 1L);
    TrainableModel first = ReplicaPool.borrow(factory, spec);
    ReplicaPool.giveBack(factory, first);
    assertSame(first, ReplicaPool.borrow(factory, spec), "the same spec reuses the idle replica");
    ReplicaPool.giveBack(factory, first);
    // a rollback lowers the learning rate
    TrainableModel second = ReplicaPool.borrow(factory, spec.withLearningRate(5e-4));
    assertEquals(List.of(first), factory.released());
    ReplicaPool.giveBack(factory, second);
    ReplicaPool.borrow(factory, spec.withLearningRate(5e-4));
    assertEquals(1, factory.released().size(), "a replica in use or reused is not released");
  }
}
