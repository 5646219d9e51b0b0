package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 5×5 convolution, stride 2, padding 2 (halves height and width) on NHWC activations through libnd4j's
 * {@code conv2d} / {@code conv2d_bp} ops, which the oneDNN native build (the project's default ND4J classifier)
 * runs as direct convolutions: 3–4× faster here than im2col + GEMM, and no column matrix to hold.
 */
final class Conv2dDown {
  static final int K = 5;
  static final int S = 2;
  static final int P = 2;

  private static final int[] ARGS = args(S);

  private final int out;
  private final ParameterBlock.Slot weight;
  private final ParameterBlock.Slot bias;
  private INDArray input;

  Conv2dDown(ParameterBlock block, int in, int out, boolean withBias) {
    this.out = out;
    // format ≤ 2 held im2col's [in·5·5, out]
    weight = block.param(ParameterBlock.Init.FAN_IN, (long) in * K * K, K, K, in, out)
        .legacyLayout(new long[] {in, K, K, out}, 1, 2, 0, 3);
    bias = withBias ? block.param(ParameterBlock.Init.ZERO, 1, out) : null;
  }

  /** x [n, h, w, in] → [n, h/2, w/2, out]. */
  INDArray forward(INDArray x) {
    input = x;
    return convolve(x, weight.value(), bias == null ? null : bias.value());
  }

  /** x [n, h, w, in], weights [5, 5, in, out], bias [out] or null → [n, h/2, w/2, out]. */
  static INDArray convolve(INDArray x, INDArray weights, INDArray bias) {
    return convolve(x, weights, bias, S);
  }

  /** The 5×5 convolution with padding 2 at {@code stride}: x [n, h, w, in] → [n, h/stride, w/stride, out]. */
  static INDArray convolve(INDArray x, INDArray weights, INDArray bias, int stride) {
    long out = weights.size(3);
    INDArray y = Nd4j.createUninitialized(x.dataType(), x.size(0), x.size(1) / stride, x.size(2) / stride, out);
    INDArray[] inputs = bias == null ? new INDArray[] {x, weights} : new INDArray[] {x, weights, bias.reshape(out)};
    Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(inputs).addOutputs(y).addIntegerArguments(args(stride))
        .build());
    return y;
  }

  /** libnd4j's arguments: kH, kW, sH, sW, pH, pW, dH, dW, explicit padding, NHWC, weights [kH, kW, in, out]. */
  static int[] args(int stride) {
    return new int[] {K, K, stride, stride, P, P, 1, 1, 0, 1, 0};
  }

  /**
   * dy [n, h/2, w/2, out] → dx [n, h, w, in] (null unless inputGrad); parameter gradients written if paramGrad.
   * Without parameter gradients, dx is the transposed convolution of dy (half the work of conv2d_bp).
   */
  INDArray backward(INDArray dy, boolean inputGrad, boolean paramGrad) {
    if (!paramGrad) {
      return inputGrad ? TransposedConv.forward(dy, weight.value(), null) : null;
    }
    INDArray dx = Nd4j.createUninitialized(input.dataType(), input.shape());
    INDArray[] inputs = bias == null
        ? new INDArray[] {input, weight.value(), dy}
        : new INDArray[] {input, weight.value(), bias.value().reshape(out), dy};
    INDArray[] outputs = bias == null
        ? new INDArray[] {dx, weight.grad()}
        : new INDArray[] {dx, weight.grad(), bias.grad().reshape(out)};
    Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(inputs).addOutputs(outputs).addIntegerArguments(ARGS)
        .build());
    if (!inputGrad) {
      Offheap.free(dx);
      return null;
    }
    return dx;
  }
}
