package io.autoencoded.job.train;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A PNG with one row per sample frame: the original on the left, the model's reconstruction in the middle and,
 * when given, a prior sample (the decoder's picture of a code drawn from N(0, I)) on the right. Pixels are
 * copied as they are: these are the model's own frames, not a plot.
 */
public final class SampleGrid {
  private static final int GAP = 4;

  private SampleGrid() {}

  /**
   * {@code originals}, {@code reconstructions} and {@code priorSamples}: uint8 RGB, row-major height x width x 3;
   * {@code priorSamples} empty for a grid without the third column.
   */
  public static byte[] png(List<byte[]> originals, List<byte[]> reconstructions, List<byte[]> priorSamples,
      int height, int width) {
    int rows = originals.size();
    int columns = priorSamples.isEmpty() ? 2 : 3;
    BufferedImage img = new BufferedImage(columns * width + (columns + 1) * GAP,
        Math.max(1, rows * (height + GAP) + GAP), BufferedImage.TYPE_INT_RGB);
    for (int r = 0; r < rows; r++) {
      int y = GAP + r * (height + GAP);
      draw(img, originals.get(r), GAP, y, height, width);
      draw(img, reconstructions.get(r), 2 * GAP + width, y, height, width);
      if (columns == 3) {
        draw(img, priorSamples.get(r), 3 * GAP + 2 * width, y, height, width);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // cached in memory, not in a java.io.tmpdir file (ImageIO's default for a stream) a killed process would leave
    try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      ImageIO.write(img, "png", stream);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // memory does not fail
    }
    return out.toByteArray();
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
