package io.autoencoded.reconstruct.latent;

/**
 * The walk from one code to another along the great circle between them ({@link Slerp}): frame k of n is the code
 * k/(n-1) of the way, so the first frame is exactly {@code from} and the last exactly {@code to}, evenly spaced in
 * angle between them.
 */
public record WalkPath(float[] from, float[] to, long frames) implements LatentPath {
  private static final long serialVersionUID = 1L;

  public WalkPath {
    if (from.length != to.length || from.length == 0) {
      throw new IllegalArgumentException("codes of " + from.length + " and " + to.length + " numbers");
    }
    if (frames < 2) {
      throw new IllegalArgumentException("a walk has at least its two ends, not " + frames + " frames");
    }
    from = from.clone();
    to = to.clone();
  }

  @Override
  public float[] from() {
    return from.clone();
  }

  @Override
  public float[] to() {
    return to.clone();
  }

  @Override
  public int latent() {
    return from.length;
  }

  @Override
  public float[] codes(long first, int count) {
    float[] out = new float[count * from.length];
    for (int k = 0; k < count; k++) {
      float[] code = Slerp.between(from, to, (double) (first + k) / (frames - 1));
      System.arraycopy(code, 0, out, k * from.length, from.length);
    }
    return out;
  }
}
