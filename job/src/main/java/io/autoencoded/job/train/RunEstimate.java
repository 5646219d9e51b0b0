package io.autoencoded.job.train;

import io.autoencoded.job.progress.HumanBytes;
import io.autoencoded.job.progress.HumanDuration;
import java.util.Locale;

/**
 * What a training run will cost, said before it starts: the total time, the time per epoch and the checkpoints'
 * size, from the {@link ProbeTimings} measured on the cluster and the frames and epochs asked for. Each round
 * costs the probe's round overhead plus its busiest replica's minibatches at the probe's steady speed; each
 * checkpoint its serialization and its write to the store; each epoch's start (the shuffle that reads every frame
 * again) the probe's frame read, and its end the rehearsed drawing of its pictures and publishing of the report.
 * Not counted: the part of the shuffle and of the checkpoints' transfer to the store that grows with the film's
 * and the model's size: on a feature film at full size (an epoch of a day or more) minutes, a fraction of a
 * percent. The live ETA of the progress lines corrects what this misses as the run goes.
 *
 * @param seconds         the whole run (what is left of it when resumed)
 * @param epochSeconds    one full epoch
 * @param epochs          epochs to train, the first possibly partly done already
 * @param framesPerEpoch  frames in one epoch (every frame of the selected films)
 * @param frames          frames left to train
 * @param checkpointBytes size of one checkpoint.bin
 * @param checkpoints     checkpoints the run will write
 */
public record RunEstimate(double seconds, double epochSeconds, int epochs, long framesPerEpoch, long frames,
    long checkpointBytes, int checkpoints, ProbeTimings probe) {

  /**
   * @param epochsDone           epochs already trained (a resumed run)
   * @param roundsDone           rounds of epoch {@code epochsDone} already trained
   * @param checkpointEveryRounds train.checkpoint-every-rounds (0: at the end of each epoch only)
   */
  public static RunEstimate of(ProbeTimings probe, RoundPlan plan, int epochsDone, int roundsDone,
      int targetEpochs, int checkpointEveryRounds) {
    double epoch = secondsFrom(0, probe, plan, checkpointEveryRounds);
    double first = secondsFrom(roundsDone, probe, plan, checkpointEveryRounds);
    int epochs = targetEpochs - epochsDone;
    long framesDone = 0;
    for (int r = 0; r < roundsDone; r++) {
      for (int w = 0; w < plan.workers(); w++) {
        framesDone += plan.framesIn(r, w);
      }
    }
    int perEpoch = checkpointsFrom(0, plan, checkpointEveryRounds);
    int checkpoints = checkpointsFrom(roundsDone, plan, checkpointEveryRounds) + (epochs - 1) * perEpoch;
    return new RunEstimate(first + (epochs - 1) * epoch, epoch, epochs, plan.frames(),
        epochs * plan.frames() - framesDone, probe.checkpointBytes(), checkpoints, probe);
  }

  /** Seconds for rounds {@code from}..end of one epoch: its shuffle, the rounds, their checkpoints, its pictures. */
  private static double secondsFrom(int from, ProbeTimings probe, RoundPlan plan, int checkpointEveryRounds) {
    double s = 0;
    for (int r = from; r < plan.rounds(); r++) {
      long minibatches = (plan.framesIn(r, 0) + plan.batchSize() - 1) / plan.batchSize(); // replica 0 has the most
      s += probe.roundOverheadSeconds() + minibatches * probe.minibatchSeconds();
    }
    // a resumed epoch is shuffled whole too; its end draws the pictures and publishes the report
    return s + probe.frameReadSeconds() + checkpointsFrom(from, plan, checkpointEveryRounds) * probe.checkpointSeconds()
        + probe.picturesSeconds();
  }

  /** Checkpoints written after rounds {@code from}+1..end of an epoch: the epoch's, and every N rounds'. */
  private static int checkpointsFrom(int from, RoundPlan plan, int checkpointEveryRounds) {
    int n = 0;
    for (int round = from + 1; round <= plan.rounds(); round++) {
      if (round == plan.rounds() || checkpointEveryRounds > 0 && round % checkpointEveryRounds == 0) {
        n++;
      }
    }
    return n;
  }

  public double hours() {
    return seconds / 3600;
  }

  /** Training frames per second over the whole run, all replicas together. */
  public double framesPerSecond() {
    return seconds > 0 ? frames / seconds : Double.NaN;
  }

  /** The estimate as printed before the run: says it is an estimate, from what, and its three numbers. */
  public String describe() {
    return String.format(Locale.ROOT, "estimate (from a %s timing probe on this cluster, %d replica%s x %d "
            + "minibatch%s; an estimate, not a measurement): %s to train %d epoch%s of %,d frames (%s per epoch, "
            + "%.3g frames/s); checkpoints %s each, %d to write (%s)",
        HumanDuration.of(probe.probeSeconds()), probe.replicas(), probe.replicas() == 1 ? "" : "s",
        probe.minibatches(), probe.minibatches() == 1 ? "" : "es", HumanDuration.of(seconds), epochs,
        epochs == 1 ? "" : "s", framesPerEpoch, HumanDuration.of(epochSeconds), framesPerSecond(),
        bytes(checkpointBytes), checkpoints, bytes(checkpointBytes * checkpoints));
  }

  static String bytes(long n) {
    return HumanBytes.of(n);
  }
}
