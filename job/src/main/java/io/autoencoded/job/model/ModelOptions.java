package io.autoencoded.job.model;

import com.typesafe.config.Config;
import io.autoencoded.job.config.ConfigReader;

/** The model section's training choices beyond the contract's keys (validated; see conf/application.conf). */
public record ModelOptions(String optimizer, double beta1, String similarityLayers, boolean equilibrium,
    double equilibriumTarget, double equilibriumMargin, long seed, String generatorLoss, double pixelWeight, double ganWeight,
    String similarityNormalisation, String discriminatorBatches, String upsampling, String centring) {

  public static ModelOptions from(Config config) {
    ConfigReader r = new ConfigReader(config);
    return new ModelOptions(
        r.oneOf("model.optimizer", ModelSpec.ADAM, ModelSpec.RMSPROP),
        r.doubleIn("model.beta1", 0, 0.999999),
        r.oneOf("model.similarity-layers", ModelSpec.LAST, ModelSpec.ALL),
        r.bool("model.equilibrium.enabled"),
        r.doubleIn("model.equilibrium.target", 0, 100),
        r.doubleIn("model.equilibrium.margin", 0, 100),
        r.longIn("model.seed", Long.MIN_VALUE, Long.MAX_VALUE),
        r.oneOf("model.generator-loss", ModelSpec.NON_SATURATING, ModelSpec.SATURATING),
        r.doubleIn("model.pixel-weight", 0, 1e6),
        r.doubleIn("model.gan-weight", 1e-9, 1e6),
        r.oneOf("model.similarity-normalisation", ModelSpec.PIXELS, ModelSpec.FEATURES),
        r.oneOf("model.discriminator-batches", ModelSpec.JOINT, ModelSpec.SEPARATE),
        r.oneOf("model.upsampling", ModelSpec.TRANSPOSED, ModelSpec.RESIZE_CONV),
        r.oneOf("model.centring", ModelSpec.NONE, ModelSpec.MEAN_FRAME));
  }
}
