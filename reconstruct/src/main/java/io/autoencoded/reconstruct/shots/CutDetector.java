package io.autoencoded.reconstruct.shots;

import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmShots;
import java.util.Arrays;
import java.util.List;

/**
 * Finds a film's hard cuts in its {@link FrameChange}s: frame t opens a new shot when the change into it
 * <ol>
 *   <li>stands out from its neighbourhood: at least {@value #MIN_RATIO} times the median change of the
 *       {@value #WINDOW} frames on each side (plus {@value #NOISE}, so that a still shot's tiny changes do not
 *       make every small one stand out). A cut is one large change between small ones; a pan, a zoom or fast action
 *       changes every frame a lot, and its median rises with it;</li>
 *   <li>stands out from each side alone: at least {@value #MIN_SIDE_RATIO} times the larger of the medians before
 *       and after it. A fast shot that starts just after a calm one has the calm shot's changes in most of its
 *       frames' windows (more so at the end of a film, where the window is cut short); its own side shows that the
 *       large changes are its motion;</li>
 *   <li>is large in itself: at least {@value #MIN_CHANGE} (a mean change of 4 % of the range per cell);</li>
 *   <li>lasts: the pictures across the pair (t-1 to t+1, t-2 to t) differ by at least {@value #MIN_LASTING} of the
 *       change. A flash, an explosion's single white frame or one damaged frame changes the picture and changes it
 *       back; a cut does not.</li>
 * </ol>
 * The thresholds are set from the frame changes of generated films with known cuts (ShotDetectionTest: every
 * cut at least 5.9 times its neighbourhood and 4.0 times each side, every other change at most 2.1 times its
 * neighbourhood, or 1.0 times its own side) and of the sample clips (docs/QUALITY.md). Cuts come from frame differences, not latents, because the smoothing needs them before the
 * latents exist and they must not depend on how well a model has learned the film. Gradual transitions (fades,
 * dissolves) are not hard cuts and are not reported.
 */
public final class CutDetector {
  /** Names the detector and its thresholds in every shot table: a table made by another is remade. */
  public static final String VERSION = "frame-change-1";
  static final int WINDOW = 8;
  static final double NOISE = 0.005;
  static final double MIN_RATIO = 4;
  static final double MIN_SIDE_RATIO = 2;
  static final double MIN_CHANGE = 0.04;
  static final double MIN_LASTING = 0.5;

  private CutDetector() {}

  /** The shots of {@code film}, whose frames 1 .. n-1 changed as {@code changes} says (in film order). */
  public static FilmShots shotsOf(FilmRecord film, List<FrameChange> changes) {
    int n = changes.size();
    double[] change = new double[n];
    for (int i = 0; i < n; i++) {
      FrameChange c = changes.get(i);
      if (c.frameIndex() != i + 1) {
        throw new IllegalArgumentException("frame change " + i + " is of frame " + c.frameIndex());
      }
      change[i] = c.change();
    }
    long[] cuts = new long[n];
    double[] scores = new double[n];
    int found = 0;
    for (int i = 0; i < n; i++) {
      double[] before = Arrays.copyOfRange(change, Math.max(0, i - WINDOW), i);
      double[] after = Arrays.copyOfRange(change, i + 1, Math.min(n, i + WINDOW + 1));
      double[] both = new double[before.length + after.length];
      System.arraycopy(before, 0, both, 0, before.length);
      System.arraycopy(after, 0, both, before.length, after.length);
      double score = change[i] / (median(both) + NOISE);
      double sideScore = change[i] / (Math.max(median(before), median(after)) + NOISE);
      FrameChange c = changes.get(i);
      if (score >= MIN_RATIO && sideScore >= MIN_SIDE_RATIO && c.change() >= MIN_CHANGE
          && c.lasting() >= MIN_LASTING * c.change()) {
        cuts[found] = c.frameIndex();
        scores[found++] = score;
      }
    }
    return FilmShots.fromCuts(film.filmId(), film.frameCount(), film.ingestedAt(), VERSION,
        Arrays.copyOf(cuts, found), Arrays.copyOf(scores, found));
  }

  private static double median(double[] values) {
    int count = values.length;
    if (count == 0) {
      return 0;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
  }
}
