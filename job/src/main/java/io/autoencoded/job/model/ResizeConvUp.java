package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Resize-convolution upsampling (Odena et al. 2016): nearest-neighbour 2× then a 5×5 stride-1 convolution (padding
 * 2), weights [5, 5, in, out]. Every output pixel gets the same number of kernel taps, so unlike the stride-2
 * transposed convolution it cannot draw a checkerboard from uneven overlap; it costs four times the multiplies.
 */
final class ResizeConvUp implements Upsampler {
  static final int K = 5;

  private static final int[] ARGS = Conv2dDown.args(1);

  private final int out;
  private final ParameterBlock.Slot weight;
  private final ParameterBlock.Slot bias;
  private INDArray upsampled;

  ResizeConvUp(ParameterBlock block, int in, int out, boolean withBias) {
    this.out = out;
    weight = block.param(ParameterBlock.Init.FAN_IN, (long) in * K * K, K, K, in, out);
    bias = withBias ? block.param(ParameterBlock.Init.ZERO, 1, out) : null;
  }

  @Override
  public INDArray forward(INDArray x) {
    upsampled = nearest(x);
    return Conv2dDown.convolve(upsampled, weight.value(), bias == null ? null : bias.value(), 1);
  }

  @Override
  public INDArray backward(INDArray dy, boolean inputGrad, boolean paramGrad) {
    INDArray dUp = Nd4j.createUninitialized(upsampled.dataType(), upsampled.shape());
    // conv2d_bp always writes weight gradients: into a scratch buffer when this pass must not touch them
    INDArray dWeight = paramGrad ? weight.grad() : weight.value().ulike();
    INDArray dBias = bias == null ? null : paramGrad ? bias.grad().reshape(out) : Nd4j.create(dy.dataType(), out);
    INDArray[] inputs = bias == null
        ? new INDArray[] {upsampled, weight.value(), dy}
        : new INDArray[] {upsampled, weight.value(), bias.value().reshape(out), dy};
    INDArray[] outputs = bias == null ? new INDArray[] {dUp, dWeight} : new INDArray[] {dUp, dWeight, dBias};
    Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(inputs).addOutputs(outputs).addIntegerArguments(ARGS)
        .build());
    if (!paramGrad) {
      Offheap.free(dWeight);
    }
    if (!inputGrad) {
      Offheap.free(dUp);
      return null;
    }
    // the adjoint of nearest-neighbour 2×: each input pixel collects its 2×2 block
    INDArray dx = phase(dUp, 0, 0).dup('c');
    dx.addi(phase(dUp, 0, 1)).addi(phase(dUp, 1, 0)).addi(phase(dUp, 1, 1));
    Offheap.free(dUp);
    return dx;
  }

  /** x [n, h, w, c] → [n, 2h, 2w, c], each pixel repeated over a 2×2 block. */
  static INDArray nearest(INDArray x) {
    INDArray up = Nd4j.createUninitialized(x.dataType(), x.size(0), 2 * x.size(1), 2 * x.size(2), x.size(3));
    for (int dy = 0; dy < 2; dy++) {
      for (int dx = 0; dx < 2; dx++) {
        phase(up, dy, dx).assign(x);
      }
    }
    return up;
  }

  /** The view [n, h, w, c] of rows dy, dy+2, … and columns dx, dx+2, … of a c-ordered [n, 2h, 2w, c] array. */
  private static INDArray phase(INDArray a, int dy, int dx) {
    INDArray blocks = a.reshape('c', a.size(0), a.size(1) / 2, 2, a.size(2) / 2, 2, a.size(3));
    return blocks.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(dy), NDArrayIndex.all(),
        NDArrayIndex.point(dx), NDArrayIndex.all());
  }
}
