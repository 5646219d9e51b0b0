package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A fully connected layer y = x·W (+ b) on [n, in] rows. */
final class Dense {
  private final ParameterBlock.Slot weight;
  private final ParameterBlock.Slot bias;
  private INDArray x;

  Dense(ParameterBlock block, long in, long out, boolean withBias) {
    weight = block.param(ParameterBlock.Init.FAN_IN, in, in, out);
    bias = withBias ? block.param(ParameterBlock.Init.ZERO, 1, out) : null;
  }

  INDArray forward(INDArray input) {
    x = input;
    INDArray y = Nd4j.gemm(x, weight.value(), false, false);
    if (bias != null) {
      y.addiRowVector(bias.value());
    }
    return y;
  }

  INDArray backward(INDArray dy, boolean inputGrad, boolean paramGrad) {
    if (paramGrad) {
      Nd4j.gemm(x, dy, weight.grad(), true, false, 1.0, 0.0);
      if (bias != null) {
        bias.grad().assign(dy.sum(0));
      }
    }
    return inputGrad ? Nd4j.gemm(dy, weight.value(), false, true) : null;
  }
}
