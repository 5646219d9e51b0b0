package io.autoencoded.ingest;

import io.autoencoded.job.config.FrameSettings.Fit;
import java.io.Serializable;

/**
 * How a source picture is fitted to the stored frame size: FFmpeg's scaler resizes the picture to
 * {@code scaledWidth x scaledHeight}, then the stored frame takes the window at ({@code cropX, cropY}) of it
 * ({@link Fit#CROP}: the scaled picture covers the frame and its centre is kept) or places it at
 * ({@code padX, padY}) on black ({@link Fit#LETTERBOX}: the picture fits inside, nothing is lost).
 * The source's display aspect (its sample aspect ratio applied) is what is preserved.
 */
public record FitGeometry(int width, int height, int scaledWidth, int scaledHeight, int cropX, int cropY,
    int padX, int padY) implements Serializable {

  public static FitGeometry of(int sourceWidth, int sourceHeight, int sarNum, int sarDen, int width, int height,
      Fit fit) {
    if (sourceWidth <= 0 || sourceHeight <= 0) {
      throw new IllegalArgumentException("source size " + sourceWidth + "x" + sourceHeight);
    }
    double displayWidth = sarNum > 0 && sarDen > 0 ? sourceWidth * (double) sarNum / sarDen : sourceWidth;
    double displayHeight = sourceHeight;
    double coverScale = Math.max(width / displayWidth, height / displayHeight);
    double fitScale = Math.min(width / displayWidth, height / displayHeight);
    if (fit == Fit.CROP) {
      int sw = Math.max(width, (int) Math.round(displayWidth * coverScale));
      int sh = Math.max(height, (int) Math.round(displayHeight * coverScale));
      return new FitGeometry(width, height, sw, sh, (sw - width) / 2, (sh - height) / 2, 0, 0);
    }
    int sw = Math.max(1, Math.min(width, (int) Math.round(displayWidth * fitScale)));
    int sh = Math.max(1, Math.min(height, (int) Math.round(displayHeight * fitScale)));
    return new FitGeometry(width, height, sw, sh, 0, 0, (width - sw) / 2, (height - sh) / 2);
  }

  public int frameBytes() {
    return width * height * 3;
  }

  /**
   * The stored frame (RGB24, row-major, no padding) from a scaled picture of {@code scaledWidth x scaledHeight}
   * RGB24 pixels whose rows are {@code stride} bytes apart.
   */
  public byte[] fit(byte[] scaled, int stride) {
    byte[] out = new byte[frameBytes()];
    if (scaledWidth >= width && scaledHeight >= height) {
      // crop (or exact size): copy the window row by row
      int rowBytes = width * 3;
      for (int y = 0; y < height; y++) {
        System.arraycopy(scaled, (y + cropY) * stride + cropX * 3, out, y * rowBytes, rowBytes);
      }
    } else {
      int rowBytes = scaledWidth * 3;
      for (int y = 0; y < scaledHeight; y++) {
        System.arraycopy(scaled, y * stride, out, ((y + padY) * width + padX) * 3, rowBytes);
      }
    }
    return out;
  }
}
