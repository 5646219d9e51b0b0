package io.autoencoded.reconstruct.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What reconstruction needs of a trained model: its frame size and the deterministic encode (latent mean)
 * and decode. Frames are float NCHW [n, 3, height, width] in [-1, 1].
 */
public interface ReconstructionModel {
  int height();

  int width();

  /** The latent mean mu per frame: [n, latent]. */
  INDArray encode(INDArray frames);

  /** Frames from latents. */
  INDArray decode(INDArray latents);
}
