package io.autoencoded.reconstruct.temporal;

/**
 * Temporal consistency as the warping error of Lai et al. (ECCV 2018, <i>Learning Blind Video Temporal
 * Consistency</i>): frame t-1 warped to frame t by the optical flow, compared with frame t over the pixels that are
 * visible in both.
 *
 * <p>The flow is computed once, on the ORIGINAL frames, and warps both the original and the reconstruction (as Lai
 * et al. evaluate: the flow of the input video applied to the output): the reconstruction is then judged against
 * the motion that is really in the film, not against motion it invented, and a blurred or flickering reconstruction
 * cannot make its own flow look consistent. The original's error is the floor (flow errors, lighting, noise): the
 * reconstruction's error above it is flicker the model added.
 *
 * <p>Occlusion: a pixel counts when the backward flow (t to t-1) and the forward flow (t-1 to t) at the place it
 * lands agree, |b + f|² &lt; 0.01 (|b|² + |f|²) + 0.5 (Sundaram et al. 2010, as Ruder et al. 2016 and Lai et al.
 * use), and it lands inside frame t-1. The error is the mean over those pixels and the three channels of the
 * squared difference, pixels in [0, 1] (Lai et al. sum the channels: their figures are three times these).
 */
public final class WarpingError implements AutoCloseable {
  static final double ALPHA = 0.01;
  static final double BETA = 0.5;

  private final int height;
  private final int width;
  private final OpticalFlow flow;

  public WarpingError(int height, int width) {
    this.height = height;
    this.width = width;
    this.flow = new OpticalFlow(height, width);
  }

  /** The warping errors of the pair (t-1, t), uint8 RGB frames, row-major height x width x 3. */
  public PairFlicker measure(long t, byte[] originalBefore, byte[] original, byte[] reconstructionBefore,
      byte[] reconstruction) {
    byte[] greyBefore = grey(originalBefore);
    byte[] grey = grey(original);
    float[] backward = flow.between(grey, greyBefore);
    float[] forward = flow.between(greyBefore, grey);
    boolean[] visible = visible(backward, forward, height, width);
    int count = 0;
    for (boolean v : visible) {
      count += v ? 1 : 0;
    }
    return new PairFlicker(t, error(reconstruction, reconstructionBefore, backward, visible, height, width),
        error(original, originalBefore, backward, visible, height, width), count / (double) visible.length);
  }

  /** BT.601 luma, as the SSIM is measured on. */
  private byte[] grey(byte[] rgb) {
    byte[] y = new byte[height * width];
    for (int i = 0; i < y.length; i++) {
      double v = 0.299 * (rgb[3 * i] & 0xff) + 0.587 * (rgb[3 * i + 1] & 0xff) + 0.114 * (rgb[3 * i + 2] & 0xff);
      y[i] = (byte) Math.min(255, (int) Math.round(v));
    }
    return y;
  }

  /**
   * The pixels of frame t whose backward flow lands inside frame t-1 and agrees with the forward flow there
   * (forward-backward consistency); the others are occluded, disoccluded or wrongly matched.
   */
  static boolean[] visible(float[] backward, float[] forward, int height, int width) {
    boolean[] visible = new boolean[height * width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = y * width + x;
        float bx = backward[2 * p];
        float by = backward[2 * p + 1];
        double sx = x + bx;
        double sy = y + by;
        if (!inside(sx, sy, height, width)) {
          continue;
        }
        double fx = sample(forward, sx, sy, height, width, 2, 0);
        double fy = sample(forward, sx, sy, height, width, 2, 1);
        double dx = bx + fx;
        double dy = by + fy;
        visible[p] = dx * dx + dy * dy < ALPHA * (bx * bx + by * by + fx * fx + fy * fy) + BETA;
      }
    }
    return visible;
  }

  /** Mean over the visible pixels and the channels of (frame t - frame t-1 warped by the backward flow)², in [0, 1]. */
  static double error(byte[] frame, byte[] before, float[] backward, boolean[] visible, int height, int width) {
    float[] earlier = floats(before);
    double sum = 0;
    long n = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = y * width + x;
        if (!visible[p]) {
          continue;
        }
        double sx = x + backward[2 * p];
        double sy = y + backward[2 * p + 1];
        for (int c = 0; c < 3; c++) {
          double d = ((frame[3 * p + c] & 0xff) - sample(earlier, sx, sy, height, width, 3, c)) / 255.0;
          sum += d * d;
        }
        n += 3;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static boolean inside(double x, double y, int height, int width) {
    return x >= 0 && y >= 0 && x <= width - 1 && y <= height - 1;
  }

  /** Bilinear sample of channel {@code c} of an interleaved float image at (x, y), inside the frame. */
  private static double sample(float[] image, double x, double y, int height, int width, int channels, int c) {
    int x0 = Math.min((int) x, Math.max(0, width - 2));
    int y0 = Math.min((int) y, Math.max(0, height - 2));
    int x1 = Math.min(x0 + 1, width - 1);
    int y1 = Math.min(y0 + 1, height - 1);
    double ax = x - x0;
    double ay = y - y0;
    double top = image[(y0 * width + x0) * channels + c] * (1 - ax) + image[(y0 * width + x1) * channels + c] * ax;
    double bottom = image[(y1 * width + x0) * channels + c] * (1 - ax) + image[(y1 * width + x1) * channels + c] * ax;
    return top * (1 - ay) + bottom * ay;
  }

  /** The 8-bit pixels as floats (exact: every byte value is a float), for {@link #sample}. */
  private static float[] floats(byte[] rgb) {
    float[] f = new float[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      f[i] = rgb[i] & 0xff;
    }
    return f;
  }

  @Override
  public void close() {
    flow.close();
  }
}
