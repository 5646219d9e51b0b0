package io.autoencoded.reconstruct.latent;

/**
 * Spherical linear interpolation between two latent codes (Shoemake 1985; for generative models, White 2016,
 * <i>Sampling Generative Networks</i>): {@code sin((1-t)W)/sin(W) a + sin(tW)/sin(W) b}, W the angle between a and b.
 *
 * <p>Why not a straight line: the model's prior is N(0, I) in 200 dimensions, and a Gaussian's mass there lies in a
 * thin shell of radius about sqrt(200) ~ 14.1 around the origin, not near its mode. The decoder was trained on codes
 * from that shell (the prior's samples for the GAN term, and the encoder's codes, pulled towards it by the KL term);
 * almost none lie inside it. Two typical codes are nearly orthogonal, so the straight line's midpoint has only
 * 1/sqrt(2) ~ 0.71 of their norm: a linear walk dips through a region the decoder never saw, and its middle frames
 * come out greyer, flatter and blurrier than either end. Slerp turns along the great circle instead: between codes of
 * equal norm the norm stays that norm all the way, and between unequal ones it moves smoothly from one to the other.
 * Both ends are exact (t = 0 gives a, t = 1 gives b), which is what lets a walk start and end on its frames'
 * reconstructions.
 */
public final class Slerp {
  /** Below this angle (radians) sin(W) is too small to divide by: the codes are parallel and a line is the arc. */
  private static final double PARALLEL = 1e-6;

  private Slerp() {}

  /** The code a fraction {@code t} (0..1) of the way from {@code a} to {@code b}. */
  public static float[] between(float[] a, float[] b, double t) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("codes of " + a.length + " and " + b.length + " numbers");
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    double cos = na == 0 || nb == 0 ? 1 : Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
    double omega = Math.acos(cos);
    double wa;
    double wb;
    // parallel codes (or a zero code): the arc is the line. Exactly opposite codes have no single great circle;
    // the line through the origin is the honest answer there too (it is a measure-zero case for real codes).
    if (omega < PARALLEL || Math.PI - omega < PARALLEL) {
      wa = 1 - t;
      wb = t;
    } else {
      double sin = Math.sin(omega);
      wa = Math.sin((1 - t) * omega) / sin;
      wb = Math.sin(t * omega) / sin;
    }
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (float) (wa * a[i] + wb * b[i]);
    }
    if (t == 0) {
      return a.clone(); // exactly the start, whatever rounding the weights had
    }
    if (t == 1) {
      return b.clone();
    }
    return out;
  }
}
