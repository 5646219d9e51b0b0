package io.autoencoded.job.config;

import com.typesafe.config.Config;
import java.io.Serializable;

public record StoreSettings(String root) implements Serializable {
  static StoreSettings from(Config config) {
    String root = new ConfigReader(config).string("store.root").trim();
    if (root.isEmpty()) {
      throw new InvalidSettingException("store.root", "is empty");
    }
    return new StoreSettings(root);
  }
}
