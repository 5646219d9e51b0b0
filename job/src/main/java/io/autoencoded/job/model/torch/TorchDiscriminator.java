package io.autoencoded.job.model.torch;

import ai.djl.ndarray.NDArray;
import io.autoencoded.job.model.ModelSpec;

/** VaeGan's Discriminator: the conv body (its own weights), flattened in NHWC order, then one logit per frame. */
final class TorchDiscriminator {
  /** Logits [n, 1] and the four conv layers' outputs (the learned-similarity features). */
  record Output(NDArray logits, NDArray[] features) {}

  private final TorchConvBody body;
  private final TorchDense head;

  TorchDiscriminator(TorchBlock block, ModelSpec spec) {
    // training judges [x; x̃; x_p] in one pass: "separate" normalises the three as three calls would
    body = new TorchConvBody(block, spec.channels(), spec.filters(),
        ModelSpec.SEPARATE.equals(spec.discriminatorBatches()) ? 3 : 1);
    long flat = (long) (spec.height() / 16) * (spec.width() / 16) * spec.filters() * 8;
    head = new TorchDense(block, flat, 1, true);
  }

  Output forward(NDArray x, TorchBatchNorm.Mode mode) {
    NDArray[] features = body.forward(x, mode);
    NDArray logits = head.forward(TorchEncoder.flattenNhwc(features[TorchConvBody.LAYERS - 1]));
    return new Output(logits, features);
  }
}
