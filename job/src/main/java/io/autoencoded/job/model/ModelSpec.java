package io.autoencoded.job.model;

import io.autoencoded.job.config.Settings;
import java.io.Serializable;

/**
 * Everything that fixes the model's shape and training objective. A checkpoint records it; loading a
 * checkpoint into a run with a different spec fails.
 * (Skeleton: the model issue fills in the remaining fields: optimizer, similarity layers, equilibrium.)
 */
public record ModelSpec(int height, int width, int channels, int filters, int latent, double gamma,
    double learningRate, long seed) implements Serializable {

  public static ModelSpec from(Settings settings) {
    return new ModelSpec(settings.frames().height(), settings.frames().width(), 3,
        settings.model().filters(), settings.model().latent(), settings.model().gamma(),
        settings.train().learningRate(), 42L);
  }
}
