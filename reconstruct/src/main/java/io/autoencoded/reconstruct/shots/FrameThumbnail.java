package io.autoencoded.reconstruct.shots;

/**
 * A frame reduced to the mean colour of each cell of a {@value #ROWS} x {@value #COLUMNS} grid: what the cut
 * detector compares. The grid is the same for every frame size, so distances mean the same at 112x64 and 256x144;
 * averaging over cells keeps the layout of a picture (unlike a histogram, a cut between two shots of the same
 * colours shows) while noise, grain and compression artefacts average out.
 */
public final class FrameThumbnail {
  static final int ROWS = 9;
  static final int COLUMNS = 16;
  private final float[] cells; // row-major ROWS x COLUMNS x 3, in [0, 1]

  private FrameThumbnail(float[] cells) {
    this.cells = cells;
  }

  /** The thumbnail of a uint8 RGB frame, row-major height x width x 3. */
  public static FrameThumbnail of(byte[] rgb, int height, int width) {
    if (rgb.length != height * width * 3 || height < ROWS || width < COLUMNS) {
      throw new IllegalArgumentException("not a " + height + "x" + width + " RGB frame of at least "
          + ROWS + "x" + COLUMNS);
    }
    float[] cells = new float[ROWS * COLUMNS * 3];
    for (int r = 0; r < ROWS; r++) {
      int y0 = r * height / ROWS;
      int y1 = (r + 1) * height / ROWS;
      for (int c = 0; c < COLUMNS; c++) {
        int x0 = c * width / COLUMNS;
        int x1 = (c + 1) * width / COLUMNS;
        long red = 0;
        long green = 0;
        long blue = 0;
        for (int y = y0; y < y1; y++) {
          for (int x = x0; x < x1; x++) {
            int p = (y * width + x) * 3;
            red += rgb[p] & 0xff;
            green += rgb[p + 1] & 0xff;
            blue += rgb[p + 2] & 0xff;
          }
        }
        double n = 255.0 * (y1 - y0) * (x1 - x0);
        int o = (r * COLUMNS + c) * 3;
        cells[o] = (float) (red / n);
        cells[o + 1] = (float) (green / n);
        cells[o + 2] = (float) (blue / n);
      }
    }
    return new FrameThumbnail(cells);
  }

  /** The mean absolute difference of the two thumbnails' cells: 0 (same) to 1 (black against white). */
  public double distance(FrameThumbnail other) {
    double sum = 0;
    for (int i = 0; i < cells.length; i++) {
      sum += Math.abs(cells[i] - other.cells[i]);
    }
    return sum / cells.length;
  }
}
