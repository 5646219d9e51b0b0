package io.autoencoded.reconstruct.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LaplacianEnergyTest {
  private static final int H = 18;
  private static final int W = 30;

  private static byte[] image(java.util.function.IntBinaryOperator valueAtYx) {
    byte[] img = new byte[H * W * 3];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        for (int c = 0; c < 3; c++) {
          img[(y * W + x) * 3 + c] = (byte) valueAtYx.applyAsInt(y, x + 7 * c);
        }
      }
    }
    return img;
  }

  private static byte[] noise(long seed) {
    Random r = new Random(seed);
    return image((y, x) -> r.nextInt(256));
  }

  /** A 3x3 box filter of each channel (edges kept): what a blurry model does to a frame. */
  private static byte[] blurred(byte[] img) {
    byte[] out = img.clone();
    for (int y = 1; y < H - 1; y++) {
      for (int x = 1; x < W - 1; x++) {
        for (int c = 0; c < 3; c++) {
          int sum = 0;
          for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
              sum += img[((y + dy) * W + x + dx) * 3 + c] & 0xff;
            }
          }
          out[(y * W + x) * 3 + c] = (byte) Math.round(sum / 9.0);
        }
      }
    }
    return out;
  }

  @Test
  void aFlatImageAndALinearRampHaveNone() {
    assertEquals(0.0, LaplacianEnergy.of(image((y, x) -> 137), H, W, 3));
    // the Laplacian of a linear function is zero
    assertEquals(0.0, LaplacianEnergy.of(image((y, x) -> 3 * x + 2 * y), H, W, 3));
  }

  @Test
  void aCheckerboardHasItsClosedFormEnergy() {
    // every interior value has four neighbours of the other colour: Laplacian 4 (b - a), squared 16 (a - b)^2
    int a = 200;
    int b = 40;
    assertEquals(16.0 * (a - b) * (a - b), LaplacianEnergy.of(image((y, x) -> (x + y) % 2 == 0 ? a : b), H, W, 3),
        1e-9);
  }

  @Test
  void agreesWithADirectValidConvolutionWithTheKernel() {
    int[][] kernel = {{0, 1, 0}, {1, -4, 1}, {0, 1, 0}};
    byte[] img = noise(3);
    double sum = 0;
    int n = 0;
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y + 3 <= H; y++) {
        for (int x = 0; x + 3 <= W; x++) {
          double v = 0;
          for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
              v += kernel[i][j] * (img[((y + i) * W + x + j) * 3 + c] & 0xff);
            }
          }
          sum += v * v;
          n++;
        }
      }
    }
    assertEquals(sum / n, LaplacianEnergy.of(img, H, W, 3), 1e-9);
  }

  @Test
  void identicalImagesGiveRatioOneBlurBelowAndNoiseAbove() {
    byte[] frame = blurred(noise(1)); // a picture with some detail, not pure noise
    double original = LaplacianEnergy.of(frame, H, W, 3);
    assertEquals(1.0, LaplacianEnergy.ratio(LaplacianEnergy.of(frame.clone(), H, W, 3), original));
    double blur = LaplacianEnergy.ratio(LaplacianEnergy.of(blurred(frame), H, W, 3), original);
    assertTrue(blur < 1, "blurred: " + blur);
    double noisy = LaplacianEnergy.ratio(LaplacianEnergy.of(noise(2), H, W, 3), original);
    assertTrue(noisy > 1, "noise: " + noisy);
  }

  @Test
  void anImageWithoutDetailHasNoRatio() {
    assertTrue(Double.isNaN(LaplacianEnergy.ratio(5, 0)));
    assertEquals(0.0, LaplacianEnergy.of(new byte[2 * 5 * 3], 2, 5, 3), "no interior pixel");
  }
}
