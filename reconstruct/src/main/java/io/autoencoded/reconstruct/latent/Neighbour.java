package io.autoencoded.reconstruct.latent;

import java.io.Serializable;
import java.util.Comparator;
import java.util.Locale;

/**
 * One frame found near a query in latent space: its film, its index and the Euclidean distance between the two
 * latent means.
 */
public record Neighbour(String filmId, long frameIndex, double distance) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Nearest first; equal distances by film and frame, so that the same search always gives the same list.
   * Serializable because Spark ships it to every partition's bounded heap (takeOrdered).
   */
  public static final Comparator<Neighbour> NEAREST_FIRST = (Comparator<Neighbour> & Serializable) (x, y) -> {
    int c = Double.compare(x.distance, y.distance);
    if (c == 0) {
      c = x.filmId.compareTo(y.filmId);
    }
    return c != 0 ? c : Long.compare(x.frameIndex, y.frameIndex);
  };

  /** The distance between two codes of the same length (in double, whatever the codes' precision). */
  public static double distance(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("codes of " + a.length + " and " + b.length + " numbers");
    }
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = (double) a[i] - b[i];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  /** One JSON line: {@code {"film":"ID","frame":I,"distance":D}}. */
  public String json() {
    return String.format(Locale.ROOT, "{\"film\":\"%s\",\"frame\":%d,\"distance\":%.6g}",
        filmId.replace("\\", "\\\\").replace("\"", "\\\""), frameIndex, distance);
  }
}
