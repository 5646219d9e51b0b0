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

  /**
   * Numbers per latent code: what a code made from nothing but the prior (a dream) must have. By default found by
   * encoding one grey frame, for models that do not say.
   */
  default int latent() {
    return (int) encode(org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, height(),
        width())).size(1);
  }
}
