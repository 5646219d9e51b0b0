package io.autoencoded.job.train;

import com.typesafe.config.Config;
import io.autoencoded.job.config.ConfigReader;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.config.SparkSettings;
import java.io.Serializable;

/** The training job's own settings beyond the contract's train.* keys (see conf/application.conf). */
public record TrainTuning(long seed, int checkpointEveryRounds, boolean fromUpdaterState, int samples,
    double lossLimit, double lrFactor, int maxRollbacks, int nativeThreadsPerTask, int probeMinibatches,
    double warnAfterHours) implements Serializable {

  public static TrainTuning from(Settings settings) {
    return from(settings.config());
  }

  public static TrainTuning from(Config config) {
    ConfigReader r = new ConfigReader(config);
    return new TrainTuning(
        r.longIn("train.seed", Long.MIN_VALUE, Long.MAX_VALUE),
        r.intIn("train.checkpoint-every-rounds", 0, Integer.MAX_VALUE),
        r.bool("train.from-updater-state"),
        r.intIn("train.samples", 0, 64),
        r.positiveDouble("train.rollback.loss-limit", Double.MAX_VALUE),
        r.doubleIn("train.rollback.lr-factor", 1e-6, 1),
        r.intIn("train.rollback.max", 0, 1000),
        SparkSettings.from(config).nativeThreadsPerTask(),
        r.intIn("train.probe-minibatches", 0, 1000),
        r.positiveDouble("train.warn-after-hours", 1e6));
  }
}
