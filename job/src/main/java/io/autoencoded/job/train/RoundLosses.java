package io.autoencoded.job.train;

import java.io.Serializable;

/** Mean losses of one round (or epoch) and how many updates the equilibrium gating skipped. */
public record RoundLosses(double prior, double llike, double gan, double pixelMse, long decoderSkipped,
    long discriminatorSkipped, long nonFinite) implements Serializable {

  public boolean finite() {
    return nonFinite == 0 && Double.isFinite(prior) && Double.isFinite(llike) && Double.isFinite(gan)
        && Double.isFinite(pixelMse);
  }

  /** Diverged: a NaN/Inf, or any loss above {@code limit}. */
  public boolean diverged(double limit) {
    return !finite() || Math.abs(prior) > limit || Math.abs(llike) > limit || Math.abs(gan) > limit
        || Math.abs(pixelMse) > limit;
  }
}
