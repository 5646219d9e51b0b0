package io.autoencoded.reconstruct.model;

import java.io.IOException;
import java.io.Serializable;

/**
 * Turns a checkpoint's bytes into a model. Serializable because every executor loads its own copy from the
 * broadcast bytes. A checkpoint that cannot be read throws {@link IOException} or a runtime exception; the
 * caller turns that into a one-line error naming the checkpoint.
 */
@FunctionalInterface
public interface ModelLoader extends Serializable {
  ReconstructionModel load(byte[] checkpoint) throws IOException;

  /** The part of a (readable) checkpoint that {@link #load} needs: what the job broadcasts. */
  default byte[] forExecutors(byte[] checkpoint) throws IOException {
    return checkpoint;
  }

  /**
   * {@code loader} on the compute engine {@code model.engine} names: the VAE-GAN's checkpoints load into the torch
   * engine when it is chosen (one checkpoint format for both); any other loader (a test's) is kept.
   */
  static ModelLoader ofEngine(ModelLoader loader, io.autoencoded.job.train.ModelEngine engine) {
    return engine == io.autoencoded.job.train.ModelEngine.TORCH && loader instanceof VaeGanCheckpointLoader
        ? new TorchCheckpointLoader() : loader;
  }
}
