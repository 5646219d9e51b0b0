package io.autoencoded.job.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/** Typed reads that turn a wrong type or range into an {@link InvalidSettingException} naming the key. */
public final class ConfigReader {
  private final Config config;

  public ConfigReader(Config config) {
    this.config = config;
  }

  public int intIn(String key, int min, int max) {
    return (int) longIn(key, min, max);
  }

  public long longIn(String key, long min, long max) {
    long value;
    try {
      value = config.getLong(key);
    } catch (ConfigException.WrongType e) {
      throw new InvalidSettingException(key, "must be a whole number, got '" + raw(key) + "'");
    } catch (ConfigException.Missing e) {
      throw new InvalidSettingException(key, "is missing");
    }
    if (value < min || value > max) {
      throw new InvalidSettingException(key, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  public double doubleIn(String key, double min, double max) {
    double value;
    try {
      value = config.getDouble(key);
    } catch (ConfigException.WrongType e) {
      throw new InvalidSettingException(key, "must be a number, got '" + raw(key) + "'");
    } catch (ConfigException.Missing e) {
      throw new InvalidSettingException(key, "is missing");
    }
    if (!(value >= min && value <= max)) {
      throw new InvalidSettingException(key, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** A strictly positive number (exclusive lower bound 0), at most max. */
  public double positiveDouble(String key, double max) {
    double value = doubleIn(key, -Double.MAX_VALUE, max);
    if (!(value > 0)) {
      throw new InvalidSettingException(key, "must be greater than 0, got " + value);
    }
    return value;
  }

  public boolean bool(String key) {
    try {
      return config.getBoolean(key);
    } catch (ConfigException.WrongType e) {
      throw new InvalidSettingException(key, "must be true or false, got '" + raw(key) + "'");
    } catch (ConfigException.Missing e) {
      throw new InvalidSettingException(key, "is missing");
    }
  }

  public String string(String key) {
    try {
      return config.getString(key);
    } catch (ConfigException.WrongType e) {
      throw new InvalidSettingException(key, "must be a string");
    } catch (ConfigException.Missing e) {
      throw new InvalidSettingException(key, "is missing");
    }
  }

  public String oneOf(String key, String... allowed) {
    String value = string(key);
    for (String a : allowed) {
      if (a.equals(value)) {
        return value;
      }
    }
    throw new InvalidSettingException(key, "must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
  }

  public int multipleOf16(String key, int max) {
    int value = intIn(key, 16, max);
    if (value % 16 != 0) {
      throw new InvalidSettingException(key, "must be a multiple of 16, got " + value);
    }
    return value;
  }

  public Config config() {
    return config;
  }

  private String raw(String key) {
    try {
      return String.valueOf(config.getValue(key).unwrapped());
    } catch (ConfigException e) {
      return "?";
    }
  }
}
