package io.autoencoded.job.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Pins the resize-convolution, computed as one 3×3 convolution into the four output parities, to its definition
 * (nearest-neighbour 2×, then a 5×5 convolution with padding 2) written as loops, and its backward pass to the
 * adjoint of its forward: the layer is affine in its input and linear in its weights, so for any dy the gradients
 * must satisfy ⟨dy, f(v) − f(0)⟩ = ⟨dx, v⟩ and ⟨dy, f_V(x) − b⟩ = ⟨dW, V⟩ exactly.
 */
class ResizeConvUpTest {
  private static final int N = 2;
  private static final int H = 3;
  private static final int W = 5;
  private static final int IN = 3;
  private static final int OUT = 4;

  private final ParameterBlock block = new ParameterBlock();
  private final ResizeConvUp layer = new ResizeConvUp(block, IN, OUT, true);

  ResizeConvUpTest() {
    block.allocate(DataType.DOUBLE, Nd4j.getRandomFactory().getNewRandomInstance(3));
    Nd4j.getRandom().setSeed(13);
    block.params().assign(Nd4j.randn(DataType.DOUBLE, block.params().shape()));
  }

  @Test
  void forwardIsNearestUpsamplingThenTheFiveByFiveConvolution() {
    INDArray x = Nd4j.randn(DataType.DOUBLE, N, H, W, IN);
    INDArray y = layer.forward(x);
    assertArrayEquals(new long[] {N, 2 * H, 2 * W, OUT}, y.shape());
    INDArray weights = weights();
    INDArray bias = bias();
    double worst = 0;
    for (int n = 0; n < N; n++) {
      for (int p = 0; p < 2 * H; p++) {
        for (int q = 0; q < 2 * W; q++) {
          for (int o = 0; o < OUT; o++) {
            double sum = bias.getDouble(o);
            for (int ky = 0; ky < 5; ky++) {
              for (int kx = 0; kx < 5; kx++) {
                int uy = p + ky - 2;
                int ux = q + kx - 2;
                if (uy < 0 || uy >= 2 * H || ux < 0 || ux >= 2 * W) {
                  continue;
                }
                for (int c = 0; c < IN; c++) {
                  sum += x.getDouble(n, uy / 2, ux / 2, c) * weights.getDouble(ky, kx, c, o);
                }
              }
            }
            worst = Math.max(worst, Math.abs(sum - y.getDouble(n, p, q, o)));
          }
        }
      }
    }
    assertTrue(worst < 1e-9, "differs from the definition by " + worst);
  }

  @Test
  void backwardIsTheAdjointOfForwardForTheInputTheWeightsAndTheBias() {
    INDArray x = Nd4j.randn(DataType.DOUBLE, N, H, W, IN);
    INDArray dy = Nd4j.randn(DataType.DOUBLE, N, 2 * H, 2 * W, OUT);
    layer.forward(x);
    INDArray dx = layer.backward(dy, true, true);
    INDArray dWeights = block.grads().get(NDArrayIndex.point(0),
        NDArrayIndex.interval(0, 25 * IN * OUT)).dup();
    INDArray dBias = block.grads().get(NDArrayIndex.point(0),
        NDArrayIndex.interval(25 * IN * OUT, 25 * IN * OUT + OUT)).dup();

    INDArray v = Nd4j.randn(DataType.DOUBLE, N, H, W, IN);
    double alongV = layer.forward(v).sub(layer.forward(x.mul(0))).mul(dy).sumNumber().doubleValue();
    assertEquals(alongV, dx.mul(v).sumNumber().doubleValue(), 1e-9 * Math.abs(alongV) + 1e-9);

    INDArray kept = block.params().dup();
    INDArray direction = Nd4j.randn(DataType.DOUBLE, 25L * IN * OUT);
    weights().assign(direction.reshape('c', 5, 5, IN, OUT));
    bias().assign(0);
    double alongWeights = layer.forward(x).mul(dy).sumNumber().doubleValue();
    assertEquals(alongWeights, dWeights.reshape(direction.shape()).mul(direction).sumNumber().doubleValue(),
        1e-9 * Math.abs(alongWeights) + 1e-9);
    assertEquals(dy.sum(0, 1, 2), dBias.reshape(OUT));
    block.params().assign(kept);
  }

  @Test
  void withoutParameterGradientsTheInputGradientIsTheSameAndTheWeightsGradientIsUntouched() {
    INDArray x = Nd4j.randn(DataType.DOUBLE, N, H, W, IN);
    INDArray dy = Nd4j.randn(DataType.DOUBLE, N, 2 * H, 2 * W, OUT);
    layer.forward(x);
    INDArray withParams = layer.backward(dy, true, true);
    block.grads().assign(7);
    INDArray without = layer.backward(dy, true, false);
    assertEquals(withParams, without);
    assertEquals(7.0, block.grads().minNumber().doubleValue());
    assertEquals(7.0, block.grads().maxNumber().doubleValue());
  }

  private INDArray weights() {
    return block.params().get(NDArrayIndex.point(0),
        NDArrayIndex.interval(0, 25 * IN * OUT)).reshape('c', 5, 5, IN, OUT);
  }

  private INDArray bias() {
    return block.params().get(NDArrayIndex.point(0),
        NDArrayIndex.interval(25 * IN * OUT, 25 * IN * OUT + OUT));
  }
}
