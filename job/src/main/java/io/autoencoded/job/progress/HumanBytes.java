package io.autoencoded.job.progress;

import java.util.Locale;

/** A size as a person reads it in an estimate or an error: KB under a MB, MB under a GB, GB beyond (binary units). */
public final class HumanBytes {
  private HumanBytes() {}

  public static String of(long n) {
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
    }
    if (n < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GB", n / (1024.0 * 1024 * 1024));
  }
}
