package io.autoencoded.reconstruct.temporal;

import io.autoencoded.job.store.FilmShots;
import io.autoencoded.job.store.Shot;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A film's temporal consistency: the warping error ({@link WarpingError}) of the reconstruction and of the original,
 * each the mean over every pair of consecutive frames of one shot (pairs across a cut are not compared: there is no
 * motion between two shots to follow), over the film and per shot.
 *
 * @param pairs          the pairs measured
 * @param reconstruction the reconstruction's mean pair error (NaN when no pair could be measured)
 * @param original       the original's
 * @param shots          per shot, in film order
 */
public record FlickerSummary(long pairs, double reconstruction, double original, List<ShotFlicker> shots)
    implements Serializable {

  public FlickerSummary {
    shots = List.copyOf(shots);
  }

  /** A run that looked for no shots and measured no pairs (reconstruct --no-evaluation, no smoothing): null in JSON. */
  public static final FlickerSummary NOT_MEASURED = new FlickerSummary(0, Double.NaN, Double.NaN, List.of());

  /** Means over {@code perPair} (sorted by frame), shot by shot along {@code film}. */
  public static FlickerSummary of(List<PairFlicker> perPair, FilmShots film) {
    List<ShotFlicker> shots = new ArrayList<>(film.shots().size());
    long pairs = 0;
    double reconstruction = 0;
    double original = 0;
    int next = 0;
    for (Shot shot : film.shots()) {
      long shotPairs = 0;
      double shotReconstruction = 0;
      double shotOriginal = 0;
      for (; next < perPair.size() && perPair.get(next).frameIndex() < shot.endFrame(); next++) {
        PairFlicker p = perPair.get(next);
        if (p.frameIndex() <= shot.firstFrame()) {
          throw new IllegalArgumentException("pair " + p.frameIndex() + " crosses the cut into shot " + shot.index());
        }
        if (Double.isNaN(p.reconstruction()) || Double.isNaN(p.original())) {
          continue; // no pixel of the pair was visible in both frames
        }
        shotPairs++;
        shotReconstruction += p.reconstruction();
        shotOriginal += p.original();
      }
      shots.add(new ShotFlicker(shot, shotPairs, shotReconstruction / shotPairs, shotOriginal / shotPairs));
      pairs += shotPairs;
      reconstruction += shotReconstruction;
      original += shotOriginal;
    }
    if (next != perPair.size()) {
      throw new IllegalArgumentException("pair " + perPair.get(next).frameIndex() + " is outside the film");
    }
    return new FlickerSummary(pairs, reconstruction / pairs, original / pairs, shots);
  }

  /** The reconstruction's error over the original's. */
  public double ratio() {
    return reconstruction / original;
  }

  /** One line for the console. */
  public String describe() {
    return String.format(Locale.ROOT, "flicker (warping error, %d frame pairs in %d shots): reconstruction %s, "
        + "original %s, ratio %s", pairs, shots.size(), number(reconstruction), number(original), number(ratio()));
  }

  /** A JSON number with the digits these small figures need, or null where none could be measured. */
  public static String jsonNumber(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.10f", v) : "null";
  }

  /** A figure as the report and the console show it: three significant digits (errors span orders of magnitude). */
  public static String number(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g", v) : "n/a";
  }
}
