package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One of the decoder's 2× upsampling layers on NHWC activations ({@code model.upsampling}). */
interface Upsampler {
  /** x [n, h, w, in] → [n, 2h, 2w, out]. */
  INDArray forward(INDArray x);

  /** dy [n, 2h, 2w, out] → dx (null unless inputGrad); parameter gradients written if paramGrad. */
  INDArray backward(INDArray dy, boolean inputGrad, boolean paramGrad);

  static Upsampler create(ParameterBlock block, String kind, int in, int out, boolean withBias) {
    return ModelSpec.RESIZE_CONV.equals(kind)
        ? new ResizeConvUp(block, in, out, withBias)
        : new ConvTranspose2dUp(block, in, out, withBias);
  }
}
