package io.autoencoded.job.config;

import com.typesafe.config.Config;
import java.io.Serializable;

public record ModelSettings(int latent, int filters, double gamma) implements Serializable {
  static ModelSettings from(Config config) {
    ConfigReader r = new ConfigReader(config);
    return new ModelSettings(
        r.intIn("model.latent", 1, 65536),
        r.intIn("model.filters", 1, 4096),
        r.doubleIn("model.gamma", 0, 1e6));
  }
}
