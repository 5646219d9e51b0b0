package io.autoencoded.job.train;

import io.autoencoded.job.model.ModelSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;

/**
 * Builds a fresh model from its spec, on the driver or inside a Spark task, and writes its checkpoints.
 * Implementations must be value-like (records or enums): equal factories may share pooled replicas in an
 * executor.
 */
@FunctionalInterface
public interface ModelFactory extends Serializable {
  TrainableModel create(ModelSpec spec);

  /**
   * Writes checkpoint.bin. The default is the model-independent {@link CheckpointFormat}; the VAE-GAN writes the
   * model's own {@code Checkpoint} format (which every job reads). {@link CheckpointFormat#read} reads both.
   */
  default void writeCheckpoint(ModelState state, long step, int epoch, String config, OutputStream out)
      throws IOException {
    CheckpointFormat.write(state, out);
  }
}
