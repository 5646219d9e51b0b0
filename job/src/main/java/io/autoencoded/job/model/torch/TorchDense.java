package io.autoencoded.job.model.torch;

import ai.djl.ndarray.NDArray;

/** VaeGan's fully connected layer y = x·W (+ b) on [n, in] rows, weights [in, out] as VaeGan holds them. */
final class TorchDense {
  private final TorchBlock.Slot weight;
  private final TorchBlock.Slot bias;

  TorchDense(TorchBlock block, long in, long out, boolean withBias) {
    weight = block.param(in, out);
    bias = withBias ? block.param(out) : null;
  }

  NDArray forward(NDArray x) {
    NDArray y = x.matMul(weight.value());
    return bias == null ? y : y.add(bias.value());
  }
}
