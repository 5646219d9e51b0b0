package io.autoencoded.job.train;

import io.autoencoded.job.cli.UserException;

/**
 * A run whose estimate is above --max-hours, stopped before it started. A {@link UserException} (its message is
 * the one last line); its own type so that a command that did work before training (retrain's ingest) can say
 * what became of that work.
 */
public final class OverTimeLimitException extends UserException {
  public OverTimeLimitException(String message) {
    super(message);
  }
}
