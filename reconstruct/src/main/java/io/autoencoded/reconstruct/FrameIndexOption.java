package io.autoencoded.reconstruct;

import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.cli.UserException;

/**
 * A frame index on the command line ({@code --frame I}, {@code --to-frame J}): a whole number from 0, as frames are
 * numbered in the store. Whether the film has that frame is checked against the registry later.
 */
final class FrameIndexOption {
  private FrameIndexOption() {}

  static long of(Invocation invocation, String name) {
    String raw = invocation.required(name);
    try {
      long frame = Long.parseLong(raw.trim());
      if (frame >= 0) {
        return frame;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new UserException("--" + name + " needs a frame index, a whole number from 0 (frames are numbered from 0 "
        + "in film order), got '" + raw + "': write e.g. --" + name + " 120.");
  }
}
