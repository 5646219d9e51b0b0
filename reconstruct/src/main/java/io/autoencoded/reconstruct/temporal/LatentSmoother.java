package io.autoencoded.reconstruct.temporal;

import io.autoencoded.job.store.FilmShots;
import io.autoencoded.job.store.Shot;

/**
 * Smooths the latent means along time, within each shot: frame t's code becomes the Gaussian-weighted mean of the
 * codes of the frames at most {@code radius} (K) from it in its own shot, with sigma = K / 2; near a cut or the film's
 * ends the weights of the frames that are there are renormalised. Never across a cut: the frames of another shot are
 * another picture, and averaging into them would dissolve every cut.
 *
 * <p>Why a Gaussian: its weights are positive, so each smoothed code is a convex combination of codes the encoder
 * produced (it stays where the decoder was trained); it is symmetric, so nothing lags behind the picture's motion (an
 * exponential moving average would); and its frequency response falls off smoothly, so the frame-to-frame jitter is
 * damped most while slow motion passes (at K = 2 a change that alternates every frame keeps 2 % of its amplitude, one
 * over 4 frames 29 %, one over 8 frames 75 %), with side lobes under 1.5 % from the truncation (a 5-frame box
 * window passes 25 % of some fast changes with their sign inverted). sigma = K / 2 puts the window's edge at two
 * sigmas, where the weight is e^-2 = 14 % of the centre's; K is then the halo a segment must read on each side.
 * Frame-exact: a frame's smoothed code depends only on the codes of its window, summed in one order, so how the film
 * is cut into segments changes nothing.
 */
public final class LatentSmoother {
  private final int radius;
  private final double[] weights; // by distance 0..radius

  public LatentSmoother(int radius) {
    if (radius < 1) {
      throw new IllegalArgumentException("the smoothing radius must be at least 1, got " + radius);
    }
    this.radius = radius;
    double sigma = radius / 2.0;
    this.weights = new double[radius + 1];
    for (int d = 0; d <= radius; d++) {
      weights[d] = Math.exp(-0.5 * d * d / (sigma * sigma));
    }
  }

  public int radius() {
    return radius;
  }

  /** The frames whose codes smoothing frame {@code t} reads: within the radius, in t's shot. [first, end) */
  public long[] window(long t, FilmShots shots) {
    Shot shot = shots.shotOf(t);
    return new long[] {Math.max(shot.firstFrame(), t - radius), Math.min(shot.endFrame(), t + radius + 1)};
  }

  /**
   * The smoothed codes of frames {@code [from, to)}, row-major, from the codes {@code latents} (row-major, {@code
   * latent} numbers a frame) of frames {@code [first, first + rows)}, which must hold every frame's {@link #window}.
   */
  public float[] smooth(float[] latents, int latent, long first, long from, long to, FilmShots shots) {
    long rows = latents.length / latent;
    float[] out = new float[(int) ((to - from) * latent)];
    double[] sum = new double[latent];
    for (long t = from; t < to; t++) {
      long[] w = window(t, shots);
      if (w[0] < first || w[1] > first + rows) {
        throw new IllegalArgumentException("frame " + t + " needs the codes of frames [" + w[0] + ", " + w[1]
            + ") but has [" + first + ", " + (first + rows) + ")");
      }
      java.util.Arrays.fill(sum, 0);
      double total = 0;
      for (long j = w[0]; j < w[1]; j++) {
        double weight = weights[(int) Math.abs(j - t)];
        int row = (int) (j - first) * latent;
        for (int k = 0; k < latent; k++) {
          sum[k] += weight * latents[row + k];
        }
        total += weight;
      }
      int o = (int) (t - from) * latent;
      for (int k = 0; k < latent; k++) {
        out[o + k] = (float) (sum[k] / total);
      }
    }
    return out;
  }
}
