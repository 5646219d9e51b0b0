package io.autoencoded.reconstruct.temporal;

import io.autoencoded.job.store.Shot;
import java.io.Serializable;

/**
 * The warping errors of one shot: the means over its frame pairs (NaN for a one-frame shot, which has none).
 */
public record ShotFlicker(Shot shot, long pairs, double reconstruction, double original) implements Serializable {
  /** The reconstruction's error over the original's: 1 is as steady as the film, above 1 flicker the model added. */
  public double ratio() {
    return reconstruction / original;
  }
}
