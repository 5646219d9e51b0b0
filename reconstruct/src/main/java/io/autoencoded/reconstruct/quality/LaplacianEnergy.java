package io.autoencoded.reconstruct.quality;

/**
 * How much fine detail an image holds: the mean squared 4-neighbour Laplacian (kernel [[0,1,0],[1,-4,1],[0,1,0]])
 * of each channel, over the pixels whose four neighbours all lie inside the image (a 'valid' convolution). This is
 * {@code laplacian_energy} of the PyTorch reference (../shared/tools/peer/torch_vaegan_quality.py), there on
 * [-1, 1] floats, here on 8-bit values: a constant factor, which the ratio of two energies does not see.
 *
 * <p>The ratio of a reconstruction's energy to its original's says what kind of error a model makes: below 1 it
 * blurs, above 1 it adds noise or the checkerboard of uneven transposed-convolution overlap.
 */
public final class LaplacianEnergy {
  private LaplacianEnergy() {}

  /** The mean squared Laplacian of a uint8 HWC image; 0 for an image too small to have interior pixels. */
  public static double of(byte[] image, int height, int width, int channels) {
    if (image.length != height * width * channels) {
      throw new IllegalArgumentException("image is not " + height + "x" + width + "x" + channels);
    }
    if (height < 3 || width < 3) {
      return 0;
    }
    int row = width * channels;
    long sum = 0; // at most (4 x 255)^2 per value: a long holds any frame
    for (int y = 1; y < height - 1; y++) {
      for (int x = 1; x < width - 1; x++) {
        int p = (y * width + x) * channels;
        for (int c = 0; c < channels; c++) {
          int q = p + c;
          int laplacian = (image[q - row] & 0xff) + (image[q + row] & 0xff) + (image[q - channels] & 0xff)
              + (image[q + channels] & 0xff) - 4 * (image[q] & 0xff);
          sum += (long) laplacian * laplacian;
        }
      }
    }
    return (double) sum / ((long) (height - 2) * (width - 2) * channels);
  }

  /**
   * Reconstruction energy over original energy: 1 when the detail is as strong as the original's. NaN when the
   * original has none (a flat picture), where no ratio says anything.
   */
  public static double ratio(double reconstruction, double original) {
    return original > 0 ? reconstruction / original : Double.NaN;
  }
}
