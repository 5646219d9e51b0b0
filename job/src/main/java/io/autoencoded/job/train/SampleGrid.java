package io.autoencoded.job.train;

import java.awt.image.BufferedImage;
import java.util.List;

/** A PNG with one row per sample frame: the original on the left, the model's reconstruction on the right. */
public final class SampleGrid {
  private static final int GAP = 4;

  private SampleGrid() {}

  /** {@code originals} and {@code reconstructions}: uint8 RGB, row-major height x width x 3. */
  public static byte[] png(List<byte[]> originals, List<byte[]> reconstructions, int height, int width) {
    int rows = originals.size();
    BufferedImage img = new BufferedImage(2 * width + 3 * GAP, Math.max(1, rows * (height + GAP) + GAP),
        BufferedImage.TYPE_INT_RGB);
    for (int r = 0; r < rows; r++) {
      draw(img, originals.get(r), GAP, GAP + r * (height + GAP), height, width);
      draw(img, reconstructions.get(r), 2 * GAP + width, GAP + r * (height + GAP), height, width);
    }
    return LossCurvePlot.encode(img);
  }

  private static void draw(BufferedImage img, byte[] rgb, int x0, int y0, int height, int width) {
    for (int y = 0, i = 0; y < height; y++) {
      for (int x = 0; x < width; x++, i += 3) {
        int c = (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff);
        img.setRGB(x0 + x, y0 + y, c);
      }
    }
  }
}
