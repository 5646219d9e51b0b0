package io.autoencoded.reconstruct.latent;

import java.io.Serializable;

/**
 * A sequence of latent codes, one per video frame, that executors can compute piece by piece: each task asks for the
 * codes of its own range of frames only, so nothing holds the whole path's decoded frames.
 */
public interface LatentPath extends Serializable {
  /** How many frames (codes) the path has. */
  long frames();

  /** Numbers per code. */
  int latent();

  /** The codes of frames {@code [first, first + count)}, row-major [count, latent]. */
  float[] codes(long first, int count);
}
