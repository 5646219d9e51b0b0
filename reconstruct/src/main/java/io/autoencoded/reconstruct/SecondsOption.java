package io.autoencoded.reconstruct;

import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.cli.UserException;
import java.util.Locale;

/**
 * {@code --seconds S} of walk and dream: how long the video is, as a number of frames at its frame rate. A moving
 * picture needs two frames at least (a walk its two ends); a day is the most, so that a slip of the keyboard does not
 * start a job of millions of frames.
 */
final class SecondsOption {
  static final double MAX_SECONDS = 86_400;

  private SecondsOption() {}

  static double of(Invocation invocation) {
    String raw = invocation.required("seconds");
    try {
      double seconds = Double.parseDouble(raw.trim());
      if (seconds > 0 && seconds <= MAX_SECONDS) {
        return seconds;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new UserException("--seconds needs a number of seconds above 0 and at most " + (long) MAX_SECONDS
        + ", got '" + raw + "': write e.g. --seconds 4.");
  }

  /** The number of frames {@code seconds} lasts at {@code rateNum/rateDen} frames per second, at least 2. */
  static long frames(double seconds, int rateNum, int rateDen) {
    long frames = Math.round(seconds * rateNum / rateDen);
    if (frames < 2) {
      throw new UserException(String.format(Locale.ROOT, "--seconds %s is %d frame%s at %.3f fps: the video needs at "
              + "least 2 frames; write a longer time, e.g. --seconds %s.", trim(seconds), frames,
          frames == 1 ? "" : "s", (double) rateNum / rateDen, trim(Math.ceil(2.0 * rateDen / rateNum * 10) / 10)));
    }
    return frames;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
