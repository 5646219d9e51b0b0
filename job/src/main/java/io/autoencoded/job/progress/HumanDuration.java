package io.autoencoded.job.progress;

import java.util.Locale;

/**
 * A duration as a person reads it on a progress line or in an estimate: seconds under a minute, minutes and
 * seconds under an hour, hours and minutes under two days, days beyond (a run of 9.3 days is not read in hours).
 */
public final class HumanDuration {
  private HumanDuration() {}

  public static String of(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      return "unknown";
    }
    long s = Math.round(seconds);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    if (s < 48 * 3600) {
      long minutes = s / 60;
      return String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
    }
    return String.format(Locale.ROOT, "%.1f days", seconds / 86400);
  }
}
