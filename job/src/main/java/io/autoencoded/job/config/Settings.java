package io.autoencoded.job.config;

import com.typesafe.config.Config;
import java.io.Serializable;

/**
 * The validated, typed configuration of one run. Each section validates its own values; the raw layered
 * {@link Config} stays available for the sections other modules own (ingest, reconstruct).
 */
public record Settings(
    StoreSettings store, FrameSettings frames, ModelSettings model, TrainSettings train,
    SparkSettings spark, String rendered) implements Serializable {

  public static Settings from(Config config) {
    return new Settings(
        StoreSettings.from(config), FrameSettings.from(config), ModelSettings.from(config),
        TrainSettings.from(config), SparkSettings.from(config), config.root().render(
            com.typesafe.config.ConfigRenderOptions.concise()));
  }

  /** The layered config this was built from (HOCON text travels to executors; {@link Config} is not serializable). */
  public Config config() {
    return com.typesafe.config.ConfigFactory.parseString(rendered);
  }
}
