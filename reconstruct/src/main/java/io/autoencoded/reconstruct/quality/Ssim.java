package io.autoencoded.reconstruct.quality;

/**
 * Structural similarity (Wang, Bovik, Sheikh and Simoncelli 2004) as in their reference implementation:
 * an 11x11 Gaussian window with sigma 1.5 (normalised to sum 1), K1 = 0.01, K2 = 0.03, L = 255, the SSIM map
 * computed where the window fits entirely inside the image ("valid"), and its mean.
 *
 * <p>Computed on luma, Y = 0.299 R + 0.587 G + 0.114 B (BT.601, unrounded), of uint8 RGB HWC images: the
 * structure people see, and one number per frame comparable with published figures for grey-scale SSIM.
 * Images smaller than the window use the whole image as one window.
 */
public final class Ssim {
  static final int WINDOW = 11;
  static final double SIGMA = 1.5;
  private static final double C1 = Math.pow(0.01 * 255, 2);
  private static final double C2 = Math.pow(0.03 * 255, 2);
  private static final double[] KERNEL = gaussian(WINDOW, SIGMA);

  private Ssim() {}

  /** SSIM of two uint8 RGB HWC images of the same size (channels 3; 1 is taken as grey). */
  public static double of(byte[] a, byte[] b, int height, int width, int channels) {
    if (a.length != b.length || a.length != height * width * channels) {
      throw new IllegalArgumentException("images are not both " + height + "x" + width + "x" + channels);
    }
    return ofLuma(luma(a, height, width, channels), luma(b, height, width, channels), height, width);
  }

  public static double[] luma(byte[] rgb, int height, int width, int channels) {
    int n = height * width;
    double[] y = new double[n];
    if (channels == 1) {
      for (int i = 0; i < n; i++) {
        y[i] = rgb[i] & 0xff;
      }
      return y;
    }
    for (int i = 0, p = 0; i < n; i++, p += channels) {
      y[i] = 0.299 * (rgb[p] & 0xff) + 0.587 * (rgb[p + 1] & 0xff) + 0.114 * (rgb[p + 2] & 0xff);
    }
    return y;
  }

  /** SSIM of two grey images given as doubles in [0, 255], row-major. */
  public static double ofLuma(double[] x, double[] y, int height, int width) {
    if (height < WINDOW || width < WINDOW) {
      return wholeImage(x, y);
    }
    int n = height * width;
    double[] xx = new double[n];
    double[] yy = new double[n];
    double[] xy = new double[n];
    for (int i = 0; i < n; i++) {
      xx[i] = x[i] * x[i];
      yy[i] = y[i] * y[i];
      xy[i] = x[i] * y[i];
    }
    int oh = height - WINDOW + 1;
    int ow = width - WINDOW + 1;
    double[] mx = filterValid(x, height, width);
    double[] my = filterValid(y, height, width);
    double[] sxx = filterValid(xx, height, width);
    double[] syy = filterValid(yy, height, width);
    double[] sxy = filterValid(xy, height, width);
    double sum = 0;
    for (int i = 0; i < oh * ow; i++) {
      double ux = mx[i];
      double uy = my[i];
      double vx = sxx[i] - ux * ux;
      double vy = syy[i] - uy * uy;
      double cxy = sxy[i] - ux * uy;
      sum += ((2 * ux * uy + C1) * (2 * cxy + C2)) / ((ux * ux + uy * uy + C1) * (vx + vy + C2));
    }
    return sum / (oh * ow);
  }

  private static double wholeImage(double[] x, double[] y) {
    int n = x.length;
    double ux = 0;
    double uy = 0;
    for (int i = 0; i < n; i++) {
      ux += x[i];
      uy += y[i];
    }
    ux /= n;
    uy /= n;
    double vx = 0;
    double vy = 0;
    double cxy = 0;
    for (int i = 0; i < n; i++) {
      vx += (x[i] - ux) * (x[i] - ux);
      vy += (y[i] - uy) * (y[i] - uy);
      cxy += (x[i] - ux) * (y[i] - uy);
    }
    vx /= n;
    vy /= n;
    cxy /= n;
    return ((2 * ux * uy + C1) * (2 * cxy + C2)) / ((ux * ux + uy * uy + C1) * (vx + vy + C2));
  }

  /** The Gaussian-weighted mean over every full 11x11 window, separably (rows, then columns). */
  private static double[] filterValid(double[] img, int height, int width) {
    int ow = width - WINDOW + 1;
    int oh = height - WINDOW + 1;
    double[] rows = new double[height * ow];
    for (int r = 0; r < height; r++) {
      int base = r * width;
      for (int c = 0; c < ow; c++) {
        double s = 0;
        for (int k = 0; k < WINDOW; k++) {
          s += KERNEL[k] * img[base + c + k];
        }
        rows[r * ow + c] = s;
      }
    }
    double[] out = new double[oh * ow];
    for (int r = 0; r < oh; r++) {
      for (int c = 0; c < ow; c++) {
        double s = 0;
        for (int k = 0; k < WINDOW; k++) {
          s += KERNEL[k] * rows[(r + k) * ow + c];
        }
        out[r * ow + c] = s;
      }
    }
    return out;
  }

  static double[] gaussian(int size, double sigma) {
    double[] k = new double[size];
    int half = size / 2;
    double sum = 0;
    for (int i = 0; i < size; i++) {
      double d = i - half;
      k[i] = Math.exp(-d * d / (2 * sigma * sigma));
      sum += k[i];
    }
    for (int i = 0; i < size; i++) {
      k[i] /= sum;
    }
    return k;
  }
}
