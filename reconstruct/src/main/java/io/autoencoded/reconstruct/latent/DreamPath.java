package io.autoencoded.reconstruct.latent;

import java.util.Random;

/**
 * A smooth random walk through the prior N(0, I): independent prior samples (keyframes) every
 * {@code framesPerKey} frames, joined by {@link Slerp} with an ease-in-out in time.
 *
 * <p>Why this walk: the decoder only knows codes from the prior's shell (radius about sqrt(latent), see
 * {@link Slerp}). Two independent samples are on that shell and nearly orthogonal, so the great circle between them
 * stays on it, and every frame of the dream is a code the decoder could have been shown in training. A random walk
 * or an Ornstein-Uhlenbeck process in code space is rough instead (Brownian paths have no speed; every frame turns a
 * new way), which decodes into flicker, and keeping it on the shell needs a projection that OU does not provide;
 * making it smooth needs small steps, and then it hardly travels. Keyframes with slerp give a path that is smooth
 * within each stretch and travels a known distance per second. The ease (smoothstep, 3t^2 - 2t^3) brings the speed to
 * zero at each keyframe, so the path turns towards the next sample without a visible jerk (its velocity is
 * continuous).
 *
 * <p>The same seed gives the same keyframes ({@link Random#nextGaussian} is specified exactly), so the same dream.
 */
public record DreamPath(float[][] keyframes, int framesPerKey, long frames) implements LatentPath {
  private static final long serialVersionUID = 1L;

  public DreamPath {
    if (framesPerKey < 1 || frames < 1 || keyframes.length < 2
        || (long) (keyframes.length - 1) * framesPerKey < frames - 1) {
      throw new IllegalArgumentException(keyframes.length + " keyframes every " + framesPerKey + " frames do not "
          + "cover " + frames + " frames");
    }
    float[][] copy = new float[keyframes.length][];
    for (int i = 0; i < keyframes.length; i++) {
      copy[i] = keyframes[i].clone();
    }
    keyframes = copy;
  }

  /** The dream of {@code frames} frames from {@code seed}, a fresh prior sample every {@code framesPerKey} frames. */
  public static DreamPath of(long seed, int latent, long frames, int framesPerKey) {
    Random random = new Random(seed);
    int keys = (int) Math.max(2, (frames - 1 + framesPerKey - 1) / framesPerKey + 1);
    float[][] keyframes = new float[keys][latent];
    for (float[] key : keyframes) {
      for (int i = 0; i < latent; i++) {
        key[i] = (float) random.nextGaussian();
      }
    }
    return new DreamPath(keyframes, framesPerKey, frames);
  }

  @Override
  public float[][] keyframes() {
    float[][] copy = new float[keyframes.length][];
    for (int i = 0; i < keyframes.length; i++) {
      copy[i] = keyframes[i].clone();
    }
    return copy;
  }

  @Override
  public int latent() {
    return keyframes[0].length;
  }

  @Override
  public float[] codes(long first, int count) {
    int latent = latent();
    float[] out = new float[count * latent];
    for (int k = 0; k < count; k++) {
      long frame = first + k;
      int key = (int) Math.min(frame / framesPerKey, keyframes.length - 2);
      double t = (double) (frame - (long) key * framesPerKey) / framesPerKey;
      double eased = t * t * (3 - 2 * t);
      System.arraycopy(Slerp.between(keyframes[key], keyframes[key + 1], eased), 0, out, k * latent, latent);
    }
    return out;
  }
}
