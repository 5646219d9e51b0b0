package io.autoencoded.job.model;

import java.io.Serializable;

/**
 * What one training step measured. {@code prior} = KL(q(z|x) || N(0, I)), {@code llike} = learned-similarity
 * reconstruction error, {@code gan} = the discriminator's binary cross-entropy; the skipped flags record
 * equilibrium gating.
 */
public record StepLosses(double prior, double llike, double gan, double pixelMse,
    boolean decoderSkipped, boolean discriminatorSkipped) implements Serializable {

  public boolean finite() {
    return Double.isFinite(prior) && Double.isFinite(llike) && Double.isFinite(gan) && Double.isFinite(pixelMse);
  }
}
