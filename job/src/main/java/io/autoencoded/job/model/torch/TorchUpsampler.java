package io.autoencoded.job.model.torch;

import ai.djl.ndarray.NDArray;
import io.autoencoded.job.model.ModelSpec;

/** One of the decoder's 2× upsampling layers on NCHW activations ({@code model.upsampling}). */
interface TorchUpsampler {
  /** x [n, in, h, w] → [n, out, 2h, 2w]. */
  NDArray forward(NDArray x);

  static TorchUpsampler create(TorchBlock block, String kind, int in, int out, boolean withBias) {
    return ModelSpec.RESIZE_CONV.equals(kind)
        ? new TorchResizeConvUp(block, in, out, withBias)
        : new TorchConvTransposeUp(block, in, out, withBias);
  }
}
