package io.autoencoded.job.model;

import java.io.Serializable;

/**
 * Where training stood when a checkpoint was written: minibatch steps taken, the epoch in progress (0-based),
 * and the HOCON configuration the model was trained with (rendered text).
 */
public record TrainingPosition(long step, int epoch, String config) implements Serializable {
  public TrainingPosition {
    if (step < 0 || epoch < 0) {
      throw new IllegalArgumentException("step and epoch must not be negative");
    }
    config = config == null ? "" : config;
  }
}
