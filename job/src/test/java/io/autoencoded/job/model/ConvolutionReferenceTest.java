package io.autoencoded.job.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pins the native conv2d / deconv2d calls to the textbook definitions (a 5×5 stride-2 convolution with padding
 * 2, and PyTorch's ConvTranspose2d(5, 2, padding 2, output_padding 1)) computed by plain loops, and checks the
 * two are each other's adjoint — the input gradients of both layers rely on that.
 */
class ConvolutionReferenceTest {
  private static final int N = 2;
  private static final int H = 8;
  private static final int W = 12;
  private static final int IN = 3;
  private static final int OUT = 4;

  @Test
  void convolutionMatchesTheLoopDefinition() {
    Nd4j.getRandom().setSeed(7);
    INDArray x = Nd4j.randn(DataType.DOUBLE, N, H, W, IN);
    INDArray k = Nd4j.randn(DataType.DOUBLE, 5, 5, IN, OUT);
    INDArray b = Nd4j.randn(DataType.DOUBLE, OUT);
    INDArray y = Conv2dDown.convolve(x, k, b);
    assertEquals(java.util.List.of((long) N, (long) H / 2, (long) W / 2, (long) OUT), java.util.List.of(
        y.size(0), y.size(1), y.size(2), y.size(3)));
    double worst = 0;
    for (int n = 0; n < N; n++) {
      for (int oy = 0; oy < H / 2; oy++) {
        for (int ox = 0; ox < W / 2; ox++) {
          for (int o = 0; o < OUT; o++) {
            double sum = b.getDouble(o);
            for (int ky = 0; ky < 5; ky++) {
              for (int kx = 0; kx < 5; kx++) {
                int iy = 2 * oy - 2 + ky;
                int ix = 2 * ox - 2 + kx;
                if (iy < 0 || iy >= H || ix < 0 || ix >= W) {
                  continue;
                }
                for (int c = 0; c < IN; c++) {
                  sum += x.getDouble(n, iy, ix, c) * k.getDouble(ky, kx, c, o);
                }
              }
            }
            worst = Math.max(worst, Math.abs(sum - y.getDouble(n, oy, ox, o)));
          }
        }
      }
    }
    assertTrue(worst < 1e-9, "conv2d differs from the definition by " + worst);
  }

  @Test
  void transposedConvolutionMatchesTheLoopDefinition() {
    Nd4j.getRandom().setSeed(8);
    int h = H / 2;
    int w = W / 2;
    INDArray x = Nd4j.randn(DataType.DOUBLE, N, h, w, OUT);
    INDArray k = Nd4j.randn(DataType.DOUBLE, 5, 5, IN, OUT);
    INDArray b = Nd4j.randn(DataType.DOUBLE, IN);
    INDArray y = TransposedConv.forward(x, k, b);
    INDArray expected = Nd4j.zeros(DataType.DOUBLE, N, 2 * h, 2 * w, IN);
    for (int n = 0; n < N; n++) {
      for (int iy = 0; iy < h; iy++) {
        for (int ix = 0; ix < w; ix++) {
          for (int ky = 0; ky < 5; ky++) {
            for (int kx = 0; kx < 5; kx++) {
              int oy = 2 * iy - 2 + ky;
              int ox = 2 * ix - 2 + kx;
              if (oy < 0 || oy >= 2 * h || ox < 0 || ox >= 2 * w) {
                continue;
              }
              for (int o = 0; o < IN; o++) {
                double add = 0;
                for (int c = 0; c < OUT; c++) {
                  add += x.getDouble(n, iy, ix, c) * k.getDouble(ky, kx, o, c);
                }
                expected.putScalar(new long[] {n, oy, ox, o}, expected.getDouble(n, oy, ox, o) + add);
              }
            }
          }
        }
      }
    }
    expected.addi(b.reshape(1, 1, 1, IN).broadcast(expected.shape()));
    double worst = expected.sub(y).amaxNumber().doubleValue();
    assertTrue(worst < 1e-9, "deconv2d (cropped) differs from the definition by " + worst);
  }

  /**
   * The float path (oneDNN's kernels in the default native build) agrees with the double path (libnd4j's generic
   * kernels, which the gradient checks verify) on both layers' forward and backward.
   */
  @Test
  void floatKernelsAgreeWithDoubleKernelsForwardAndBackward() {
    double[] worst = new double[6];
    for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      Nd4j.getRandom().setSeed(11);
      INDArray x = Nd4j.randn(DataType.DOUBLE, N, H, W, 16).castTo(type);
      INDArray dyDown = Nd4j.randn(DataType.DOUBLE, N, H / 2, W / 2, 32).castTo(type);
      INDArray xUp = Nd4j.randn(DataType.DOUBLE, N, H / 2, W / 2, 32).castTo(type);
      INDArray dyUp = Nd4j.randn(DataType.DOUBLE, N, H, W, 16).castTo(type);
      ParameterBlock block = new ParameterBlock();
      Conv2dDown down = new Conv2dDown(block, 16, 32, true);
      ConvTranspose2dUp up = new ConvTranspose2dUp(block, 32, 16, true);
      block.allocate(type, Nd4j.getRandomFactory().getNewRandomInstance(5));
      INDArray[] results = {
          down.forward(x), down.backward(dyDown, true, true), up.forward(xUp), up.backward(dyUp, true, true),
          block.grads().dup(), up.backward(dyUp, true, false)};
      for (int i = 0; i < results.length; i++) {
        if (type == DataType.DOUBLE) {
          reference[i] = results[i];
        } else {
          double scale = reference[i].amaxNumber().doubleValue();
          worst[i] = reference[i].sub(results[i].castTo(DataType.DOUBLE)).amaxNumber().doubleValue() / scale;
        }
      }
    }
    for (int i = 0; i < worst.length; i++) {
      assertTrue(worst[i] < 1e-4, "float result " + i + " differs from double by " + worst[i] + " (relative)");
    }
  }

  private final INDArray[] reference = new INDArray[6];

  @Test
  void theTwoAreAdjoint() {
    Nd4j.getRandom().setSeed(9);
    INDArray x = Nd4j.randn(DataType.DOUBLE, N, H, W, IN);
    INDArray dy = Nd4j.randn(DataType.DOUBLE, N, H / 2, W / 2, OUT);
    INDArray k = Nd4j.randn(DataType.DOUBLE, 5, 5, IN, OUT);
    double lhs = Conv2dDown.convolve(x, k, null).mul(dy).sumNumber().doubleValue();
    double rhs = x.mul(TransposedConv.forward(dy, k, null)).sumNumber().doubleValue();
    assertEquals(lhs, rhs, 1e-9 * Math.abs(lhs) + 1e-9);
  }
}
