package io.autoencoded.job.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.autoencoded.job.cli.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Layers configuration: the defaults in {@code application.conf} (shipped in the job jar), then overlay files
 * in order, then {@code --set KEY=VALUE} pairs. Every key an overlay or --set names must exist in the defaults,
 * except under {@code spark.conf}, which is passed to Spark untouched.
 */
public final class SettingsLoader {
  static final String FREE_FORM_PREFIX = "spark.conf.";

  private SettingsLoader() {}

  public static Config defaults() {
    return ConfigFactory.parseResources(SettingsLoader.class.getClassLoader(), "application.conf",
        ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
  }

  public static Settings load(List<Path> overlays, Map<String, String> sets) {
    return Settings.from(layer(overlays, sets));
  }

  public static Config layer(List<Path> overlays, Map<String, String> sets) {
    Config defaults = defaults();
    Config merged = defaults;
    for (Path file : overlays) {
      if (!Files.isReadable(file)) {
        throw new UserException("Config file " + file + " cannot be read: check the path given to --conf.");
      }
      Config overlay;
      try {
        overlay = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (ConfigException e) {
        throw new UserException("Config file " + file + " is not valid HOCON (" + e.getMessage() + "): fix its syntax.");
      }
      rejectUnknownKeys(defaults, overlay, file.toString());
      merged = overlay.withFallback(merged);
    }
    for (Map.Entry<String, String> set : sets.entrySet()) {
      String key = set.getKey().trim();
      if (key.isEmpty()) {
        throw new UserException("--set needs KEY=VALUE, got '=" + set.getValue() + "': name the key to set.");
      }
      Config single;
      try {
        single = ConfigFactory.empty().withValue(key, parseValue(set.getValue()));
      } catch (ConfigException e) {
        throw new UserException("--set " + key + " is not a valid config path: use dotted keys such as train.epochs.");
      }
      rejectUnknownKeys(defaults, single, "--set");
      merged = single.withFallback(merged);
    }
    try {
      return merged.resolve();
    } catch (ConfigException e) {
      throw new UserException("Configuration cannot be resolved (" + e.getMessage() + "): fix the substitution.");
    }
  }

  /** Numbers, booleans and lists parse as HOCON; anything else (URIs with ':' say) is taken as a plain string. */
  private static ConfigValue parseValue(String raw) {
    try {
      Config parsed = ConfigFactory.parseString("v = " + raw);
      if (parsed.hasPath("v")) {
        return parsed.getValue("v");
      }
    } catch (ConfigException ignored) {
      // not HOCON: a plain string
    }
    return ConfigValueFactory.fromAnyRef(raw);
  }

  private static void rejectUnknownKeys(Config defaults, Config overlay, String origin) {
    for (Map.Entry<String, ConfigValue> entry : overlay.entrySet()) {
      String key = entry.getKey();
      if (key.startsWith(FREE_FORM_PREFIX)) {
        continue;
      }
      if (!defaults.hasPathOrNull(key)) {
        throw new InvalidSettingException(key, "(from " + origin + ") is unknown");
      }
    }
  }
}
