package io.autoencoded.job.cli;

/**
 * A failure the user caused and can fix: bad input, a wrong option or config value, a missing film or model.
 * The message is one sentence naming the cause and what to do; it becomes the last line on stderr and the
 * process exits non-zero. Nothing already stored may have been changed when one is thrown.
 */
public class UserException extends RuntimeException {
  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
