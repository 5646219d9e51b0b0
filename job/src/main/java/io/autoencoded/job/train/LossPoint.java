package io.autoencoded.job.train;

/** One point of the loss curve: the mean losses of one round. */
public record LossPoint(int epoch, int round, long framesSeen, double prior, double llike, double gan,
    double pixelMse) {

  public static LossPoint of(int epoch, int round, long framesSeen, RoundLosses l) {
    return new LossPoint(epoch, round, framesSeen, l.prior(), l.llike(), l.gan(), l.pixelMse());
  }
}
