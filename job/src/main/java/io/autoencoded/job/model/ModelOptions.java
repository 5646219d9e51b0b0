package io.autoencoded.job.model;

import com.typesafe.config.Config;
import io.autoencoded.job.config.ConfigReader;

/** The model section's training choices beyond the contract's keys (validated; see conf/application.conf). */
public record ModelOptions(String optimizer, double beta1, String similarityLayers, boolean equilibrium,
    double equilibriumTarget, double equilibriumMargin, long seed) {

  public static ModelOptions from(Config config) {
    ConfigReader r = new ConfigReader(config);
    return new ModelOptions(
        r.oneOf("model.optimizer", ModelSpec.ADAM, ModelSpec.RMSPROP),
        r.doubleIn("model.beta1", 0, 0.999999),
        r.oneOf("model.similarity-layers", ModelSpec.LAST, ModelSpec.ALL),
        r.bool("model.equilibrium.enabled"),
        r.doubleIn("model.equilibrium.target", 0, 100),
        r.doubleIn("model.equilibrium.margin", 0, 100),
        r.longIn("model.seed", Long.MIN_VALUE, Long.MAX_VALUE));
  }
}
