package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The VAE-GAN of Larsen et al. (2015) as Broad configured it: encoder, decoder and discriminator, trained with
 * three separate objectives. Plain Java over ND4J: the Spark jobs only orchestrate it.
 *
 * <p>Frames are float NCHW batches [n, channels, height, width] in [-1, 1].
 * (Skeleton API agreed between the jobs; the model issue implements it.)
 */
public final class VaeGan {
  private final ModelSpec spec;

  private VaeGan(ModelSpec spec) {
    this.spec = spec;
  }

  /** A freshly initialised model (weights from {@code spec.seed()}). */
  public static VaeGan create(ModelSpec spec) {
    return new VaeGan(spec);
  }

  public ModelSpec spec() {
    return spec;
  }

  /** One training step on a minibatch (Larsen's Algorithm 1); returns its losses. */
  public StepLosses trainStep(INDArray frames) {
    throw new UnsupportedOperationException("model not implemented yet");
  }

  /** The latent mean mu for each frame: [n, latent]. Deterministic (batch-norm running statistics). */
  public INDArray encode(INDArray frames) {
    throw new UnsupportedOperationException("model not implemented yet");
  }

  /** Frames [n, channels, height, width] in [-1, 1] from latents [n, latent]. Deterministic. */
  public INDArray decode(INDArray latents) {
    throw new UnsupportedOperationException("model not implemented yet");
  }

  /** decode(encode(frames)). */
  public INDArray reconstruct(INDArray frames) {
    return decode(encode(frames));
  }

  /** All parameters of the three networks as one flat vector (a copy). */
  public INDArray parameters() {
    throw new UnsupportedOperationException("model not implemented yet");
  }

  public void setParameters(INDArray flat) {
    throw new UnsupportedOperationException("model not implemented yet");
  }

  /** All optimizer state of the three networks as one flat vector (a copy). */
  public INDArray updaterState() {
    throw new UnsupportedOperationException("model not implemented yet");
  }

  public void setUpdaterState(INDArray flat) {
    throw new UnsupportedOperationException("model not implemented yet");
  }

  /** Training steps taken so far (drives Adam's bias correction; averaged replicas share it). */
  public long iteration() {
    throw new UnsupportedOperationException("model not implemented yet");
  }
}
