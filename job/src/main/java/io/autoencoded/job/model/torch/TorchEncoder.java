package io.autoencoded.job.model.torch;

import ai.djl.ndarray.NDArray;
import io.autoencoded.job.model.ModelSpec;

/** q(z|x), VaeGan's Encoder: the conv body, flattened in NHWC order (VaeGan's), then the heads μ and log σ². */
final class TorchEncoder {
  /** The two heads' outputs, each [n, latent]. */
  record Output(NDArray mu, NDArray logVar) {}

  private final TorchConvBody body;
  private final TorchDense muHead;
  private final TorchDense logVarHead;

  TorchEncoder(TorchBlock block, ModelSpec spec) {
    body = new TorchConvBody(block, spec.channels(), spec.filters(), 1);
    long flat = (long) (spec.height() / 16) * (spec.width() / 16) * spec.filters() * 8;
    muHead = new TorchDense(block, flat, spec.latent(), true);
    logVarHead = new TorchDense(block, flat, spec.latent(), true);
  }

  Output forward(NDArray x, TorchBatchNorm.Mode mode) {
    NDArray flat = flattenNhwc(body.forward(x, mode)[TorchConvBody.LAYERS - 1]);
    return new Output(muHead.forward(flat), logVarHead.forward(flat));
  }

  /** [n, c, h, w] → [n, h·w·c] in VaeGan's order (its activations are NHWC): what its dense weights expect. */
  static NDArray flattenNhwc(NDArray top) {
    long n = top.getShape().get(0);
    return top.transpose(0, 2, 3, 1).reshape(n, top.size() / n);
  }
}
