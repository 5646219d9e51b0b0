package io.autoencoded.job.train;

import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.StepLosses;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What parameter averaging needs from a model: its flat parameters and optimizer state (copies in, copies
 * out), its step counter, and one training step. {@link VaeGanReplica} adapts the VAE-GAN to it; the averaging
 * and orchestration are written against this interface only, so they are tested with small real models too.
 */
public interface TrainableModel {
  ModelSpec spec();

  /** One optimizer step on a batch [n, channels, height, width] in [-1, 1]. */
  StepLosses trainStep(INDArray frames);

  /** decode(encode(frames)), deterministic; used for the sample grids. */
  INDArray reconstruct(INDArray frames);

  /** Frames from latent codes [n, latent], deterministic; the sample grids' prior samples decode z ~ N(0, I). */
  INDArray decode(INDArray latents);

  INDArray parameters();

  void setParameters(INDArray flat);

  INDArray updaterState();

  void setUpdaterState(INDArray flat);

  long iteration();

  /** Replicas restart from the averaged step counter (Adam's bias correction depends on it). */
  void setIteration(long iteration);

  /**
   * Sets the input centre of a model whose spec centres its input ({@code model.centring = mean-frame}): the mean
   * of the frames it is to learn, [1, channels, height, width] in [-1, 1]. No-op for models without one.
   */
  default void setCentre(INDArray meanFrame) {}

  /** Restarts the model's sampling noise: each replica of each round draws its own. No-op for models without. */
  default void reseedNoise(long seed) {}

  /**
   * Frees what the model holds outside the Java heap now (the torch engine's tensors, on a GPU its device memory,
   * which no garbage collection returns); the model is not used afterwards. No-op for models that hold nothing so.
   */
  default void release() {}
}
