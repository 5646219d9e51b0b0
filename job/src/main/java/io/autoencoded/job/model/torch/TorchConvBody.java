package io.autoencoded.job.model.torch;

import ai.djl.ndarray.NDArray;

/**
 * VaeGan's conv body (encoder's and discriminator's, each with its own weights): four 5×5 stride-2 convolutions
 * with filters ×1, 2, 4, 8, leaky ReLU 0.2, batch norm on the last three; every layer's output is kept (the
 * discriminator's learned-similarity features). Slots in VaeGan's ConvBody order.
 */
final class TorchConvBody {
  static final int LAYERS = 4;
  static final double LEAK = 0.2;

  private final TorchConvDown[] convs = new TorchConvDown[LAYERS];
  private final TorchBatchNorm[] norms = new TorchBatchNorm[LAYERS];

  /** {@code batches}: how many equal parts of a training batch are normalised apart. */
  TorchConvBody(TorchBlock block, int channels, int filters, int batches) {
    int in = channels;
    for (int l = 0; l < LAYERS; l++) {
      int out = filters << l;
      convs[l] = new TorchConvDown(block, in, out, l == 0);
      norms[l] = l == 0 ? null : new TorchBatchNorm(block, out, batches);
      in = out;
    }
  }

  /** x [n, c, h, w] → the four layers' outputs; the last is [n, 8·filters, h/16, w/16]. */
  NDArray[] forward(NDArray x, TorchBatchNorm.Mode mode) {
    NDArray[] outputs = new NDArray[LAYERS];
    NDArray a = x;
    for (int l = 0; l < LAYERS; l++) {
      NDArray z = convs[l].forward(a);
      if (norms[l] != null) {
        z = norms[l].forward(z, mode);
      }
      a = TorchOps.leakyRelu(z, LEAK);
      outputs[l] = a;
    }
    return outputs;
  }
}
