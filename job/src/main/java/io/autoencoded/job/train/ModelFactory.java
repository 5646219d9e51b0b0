package io.autoencoded.job.train;

import io.autoencoded.job.model.ModelSpec;
import java.io.Serializable;

/**
 * Builds a fresh model from its spec, on the driver or inside a Spark task. Implementations must be value-like
 * (records or enums): equal factories may share pooled replicas in an executor.
 */
@FunctionalInterface
public interface ModelFactory extends Serializable {
  TrainableModel create(ModelSpec spec);
}
