package io.autoencoded.job.train;

import io.autoencoded.job.model.StepLosses;
import java.io.Serializable;

/** Sums of step losses over a round (across replicas); {@link #mean()} gives the per-step means. */
public record LossTotals(double prior, double llike, double gan, double pixelMse, long steps,
    long decoderSkipped, long discriminatorSkipped, long nonFinite) implements Serializable {

  public static final LossTotals ZERO = new LossTotals(0, 0, 0, 0, 0, 0, 0, 0);

  public LossTotals plus(StepLosses s) {
    return new LossTotals(prior + s.prior(), llike + s.llike(), gan + s.gan(), pixelMse + s.pixelMse(),
        steps + 1, decoderSkipped + (s.decoderSkipped() ? 1 : 0),
        discriminatorSkipped + (s.discriminatorSkipped() ? 1 : 0), nonFinite + (s.finite() ? 0 : 1));
  }

  public LossTotals plus(LossTotals o) {
    return new LossTotals(prior + o.prior, llike + o.llike, gan + o.gan, pixelMse + o.pixelMse, steps + o.steps,
        decoderSkipped + o.decoderSkipped, discriminatorSkipped + o.discriminatorSkipped, nonFinite + o.nonFinite);
  }

  public RoundLosses mean() {
    double n = Math.max(1, steps);
    return new RoundLosses(prior / n, llike / n, gan / n, pixelMse / n, decoderSkipped, discriminatorSkipped,
        nonFinite);
  }
}
