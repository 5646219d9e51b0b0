package io.autoencoded.reconstruct.quality;

/**
 * Peak signal-to-noise ratio of 8-bit images, over every byte (all channels): 10 log10(255^2 / MSE).
 * Identical images give +infinity.
 */
public final class Psnr {
  private Psnr() {}

  public static double meanSquaredError(byte[] a, byte[] b) {
    if (a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException("images differ in size: " + a.length + " vs " + b.length + " bytes");
    }
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      int d = (a[i] & 0xff) - (b[i] & 0xff);
      sum += d * d;
    }
    return (double) sum / a.length;
  }

  public static double fromMse(double mse) {
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
  }

  public static double of(byte[] a, byte[] b) {
    return fromMse(meanSquaredError(a, b));
  }
}
