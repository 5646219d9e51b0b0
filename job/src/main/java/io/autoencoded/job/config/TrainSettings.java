package io.autoencoded.job.config;

import com.typesafe.config.Config;
import java.io.Serializable;

public record TrainSettings(int epochs, int batchSize, int workers, int averagingFrequency, double learningRate)
    implements Serializable {
  static TrainSettings from(Config config) {
    ConfigReader r = new ConfigReader(config);
    return new TrainSettings(
        r.intIn("train.epochs", 1, 100_000),
        r.intIn("train.batch-size", 1, 65536),
        r.intIn("train.workers", 1, 100_000),
        r.intIn("train.averaging-frequency", 1, 1_000_000),
        r.positiveDouble("train.learning-rate", 10));
  }
}
