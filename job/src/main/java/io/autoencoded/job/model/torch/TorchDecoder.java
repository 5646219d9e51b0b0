package io.autoencoded.job.model.torch;

import ai.djl.ndarray.NDArray;
import io.autoencoded.job.model.ModelSpec;

/**
 * p(x|z), VaeGan's Decoder: linear latent → (8F)×(H/16)×(W/16) (VaeGan's NHWC order) with batch norm and ReLU,
 * then four 2× upsampling layers to 4F, 2F, F (batch norm, ReLU) and to the image's channels with tanh. In
 * training it decodes [z; z_p] in one pass, its batch norms keeping the two halves' statistics apart.
 */
final class TorchDecoder {
  private static final int UPS = 4;

  private final ModelSpec spec;
  private final TorchDense project;
  private final TorchBatchNorm projectNorm;
  private final TorchUpsampler[] ups = new TorchUpsampler[UPS];
  private final TorchBatchNorm[] norms = new TorchBatchNorm[UPS];

  TorchDecoder(TorchBlock block, ModelSpec spec) {
    this.spec = spec;
    int top = spec.filters() * 8;
    project = new TorchDense(block, spec.latent(), (long) top * (spec.height() / 16) * (spec.width() / 16), false);
    projectNorm = new TorchBatchNorm(block, top, 2);
    int in = top;
    for (int l = 0; l < UPS; l++) {
      boolean last = l == UPS - 1;
      int out = last ? spec.channels() : in / 2;
      ups[l] = TorchUpsampler.create(block, spec.upsampling(), in, out, last);
      norms[l] = last ? null : new TorchBatchNorm(block, out, 2);
      in = out;
    }
  }

  /** z [n, latent] → frames [n, C, H, W] (NCHW) in (-1, 1). */
  NDArray forward(NDArray z, TorchBatchNorm.Mode mode) {
    long n = z.getShape().get(0);
    int top = spec.filters() * 8;
    NDArray p = project.forward(z).reshape(n, spec.height() / 16, spec.width() / 16, top).transpose(0, 3, 1, 2);
    NDArray a = TorchOps.relu(projectNorm.forward(p, mode));
    for (int l = 0; l < UPS; l++) {
      NDArray y = ups[l].forward(a);
      a = norms[l] != null ? TorchOps.relu(norms[l].forward(y, mode)) : y.tanh();
    }
    return a;
  }
}
