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

  /** The luma of an RGB HWC image of unrounded values in [0, 255] (a mean frame), by the same weights. */
  public static double[] luma(double[] rgb, int height, int width, int channels) {
    int n = height * width;
    if (rgb.length != n * channels) {
      throw new IllegalArgumentException("image is not " + height + "x" + width + "x" + channels);
    }
    if (channels == 1) {
      return rgb.clone();
    }
    double[] y = new double[n];
    for (int i = 0, p = 0; i < n; i++, p += channels) {
      y[i] = 0.299 * rgb[p] + 0.587 * rgb[p + 1] + 0.114 * rgb[p + 2];
    }
    return y;
  }

  /** SSIM of two grey images given as doubles in [0, 255], row-major. */
  public static double ofLuma(double[] x, double[] y, int height, int width) {
    return of(windowed(x, height, width), windowed(y, height, width));
  }

  /**
   * A grey image with its Gaussian-windowed means and mean squares: the half of SSIM that depends on one image
   * only. An image compared with several others (a frame with its reconstruction and with the mean frame) has
   * it computed once; per pair only the windowed product remains.
   */
  public static final class Windowed implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final double[] pixels;
    private final int height;
    private final int width;
    private final double[] mean; // null when the image is smaller than the window (the whole image is one)
    private final double[] meanSquare;

    private Windowed(double[] pixels, int height, int width) {
      if (pixels.length != height * width) {
        throw new IllegalArgumentException(pixels.length + " pixels are not " + height + "x" + width);
      }
      this.pixels = pixels;
      this.height = height;
      this.width = width;
      if (height < WINDOW || width < WINDOW) {
        mean = null;
        meanSquare = null;
        return;
      }
      double[] squares = new double[pixels.length];
      for (int i = 0; i < pixels.length; i++) {
        squares[i] = pixels[i] * pixels[i];
      }
      mean = filterValid(pixels, height, width);
      meanSquare = filterValid(squares, height, width);
    }
  }

  /** {@code luma} (doubles in [0, 255], row-major, kept as given) with its windowed statistics. */
  public static Windowed windowed(double[] luma, int height, int width) {
    return new Windowed(luma, height, width);
  }

  /** SSIM of two windowed grey images of the same size. */
  public static double of(Windowed x, Windowed y) {
    if (x.height != y.height || x.width != y.width) {
      throw new IllegalArgumentException("images are " + x.height + "x" + x.width + " and " + y.height + "x"
          + y.width);
    }
    if (x.mean == null) {
      return wholeImage(x.pixels, y.pixels);
    }
    int n = x.pixels.length;
    double[] xy = new double[n];
    for (int i = 0; i < n; i++) {
      xy[i] = x.pixels[i] * y.pixels[i];
    }
    int windows = (x.height - WINDOW + 1) * (x.width - WINDOW + 1);
    double[] sxy = filterValid(xy, x.height, x.width);
    double sum = 0;
    for (int i = 0; i < windows; i++) {
      double ux = x.mean[i];
      double uy = y.mean[i];
      double vx = x.meanSquare[i] - ux * ux;
      double vy = y.meanSquare[i] - uy * uy;
      double cxy = sxy[i] - ux * uy;
      sum += ((2 * ux * uy + C1) * (2 * cxy + C2)) / ((ux * ux + uy * uy + C1) * (vx + vy + C2));
    }
    return sum / windows;
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
