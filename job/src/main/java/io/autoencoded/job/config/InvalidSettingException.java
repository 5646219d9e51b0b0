package io.autoencoded.job.config;

import io.autoencoded.job.cli.UserException;

/** A config key that is unknown or whose value is out of range. */
public final class InvalidSettingException extends UserException {
  public InvalidSettingException(String key, String problem) {
    super("Config key '" + key + "' " + problem
        + ": fix it in your --conf file or --set (every key and its range is documented in conf/application.conf).");
  }
}
