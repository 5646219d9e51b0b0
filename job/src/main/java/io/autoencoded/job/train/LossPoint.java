package io.autoencoded.job.train;

/**
 * One round of a run's history (position.json keeps every one): the mean losses, how many of its steps the
 * equilibrium gating skipped, the learning rate it trained at and how long it took. Fields added after the
 * first release read as 0 (false) from older checkpoints, which the report treats as "not recorded".
 *
 * @param steps                optimizer steps in the round, all replicas together (the skip rates' denominator)
 * @param learningRate         the learning rate the round trained at
 * @param seconds              the round's wall time on the driver (broadcast, training, averaging)
 * @param rollbacks            rollbacks in the run before this round was accepted: a rise marks a rollback
 * @param resumed              the first round of an invocation that resumed from a checkpoint
 */
public record LossPoint(int epoch, int round, long framesSeen, double prior, double llike, double gan,
    double pixelMse, long steps, long decoderSkipped, long discriminatorSkipped, double learningRate,
    double seconds, int rollbacks, boolean resumed) {

  public static LossPoint of(int epoch, int round, long framesSeen, LossTotals totals, double learningRate,
      double seconds, int rollbacks, boolean resumed) {
    RoundLosses l = totals.mean();
    return new LossPoint(epoch, round, framesSeen, l.prior(), l.llike(), l.gan(), l.pixelMse(), totals.steps(),
        totals.decoderSkipped(), totals.discriminatorSkipped(), learningRate, seconds, rollbacks, resumed);
  }

  /** Share of the round's steps whose decoder update the gating skipped; NaN when not recorded. */
  public double decoderSkipRate() {
    return steps == 0 ? Double.NaN : (double) decoderSkipped / steps;
  }

  /** Share of the round's steps whose discriminator update the gating skipped; NaN when not recorded. */
  public double discriminatorSkipRate() {
    return steps == 0 ? Double.NaN : (double) discriminatorSkipped / steps;
  }
}
