package io.autoencoded.reconstruct;

import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.cli.UserException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code --smooth K} of reconstruct and evaluate: the temporal smoothing's half-window in frames, for this run
 * (over {@code reconstruct.smoothing}); 0 turns smoothing off.
 */
final class SmoothOption {
  static final String NAME = "smooth";

  private SmoothOption() {}

  static OptionalInt of(Invocation invocation) {
    Optional<String> raw = invocation.option(NAME);
    if (raw.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      int k = Integer.parseInt(raw.get().trim());
      if (k >= 0 && k <= ReconstructSettings.MAX_SMOOTHING) {
        return OptionalInt.of(k);
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new UserException("--smooth needs a whole number of frames from 0 to " + ReconstructSettings.MAX_SMOOTHING
        + " (the smoothing half-window K), got '" + raw.get() + "': write e.g. --smooth 2, or --smooth 0 for none.");
  }
}
