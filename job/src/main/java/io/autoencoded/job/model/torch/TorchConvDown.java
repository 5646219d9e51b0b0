package io.autoencoded.job.model.torch;

import ai.djl.ndarray.NDArray;

/**
 * VaeGan's 5×5 stride-2 convolution with padding 2 (halves height and width). Its weights stay VaeGan's
 * [5, 5, in, out] in the flat vector and are permuted to libtorch's [out, in, 5, 5] per forward pass.
 */
final class TorchConvDown {
  static final int K = 5;
  static final int STRIDE = 2;
  static final int PADDING = 2;

  private final TorchBlock.Slot weight;
  private final TorchBlock.Slot bias;

  TorchConvDown(TorchBlock block, int in, int out, boolean withBias) {
    weight = block.param(K, K, in, out);
    bias = withBias ? block.param(out) : null;
  }

  /** x [n, in, h, w] → [n, out, h/2, w/2]. */
  NDArray forward(NDArray x) {
    NDArray w = weight.value().transpose(3, 2, 0, 1);
    return TorchOps.conv2d(x, w, bias == null ? null : bias.value(), STRIDE, PADDING);
  }
}
