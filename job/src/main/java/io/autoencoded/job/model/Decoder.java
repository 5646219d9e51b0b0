package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * p(x|z): linear latent → (8F)×(H/16)×(W/16) with batch norm and ReLU, then four 2× upsampling layers (5×5
 * stride-2 transposed convolutions, or resize-convolutions: {@code model.upsampling}) to 4F, 2F, F (batch norm,
 * ReLU) and to the image's channels with tanh. In training it decodes
 * [z; z_p] in one pass; its batch norms keep the two halves' statistics apart (see {@link BatchNorm}).
 */
final class Decoder {
  private static final int UPS = 4;

  private final ModelSpec spec;
  private final Dense project;
  private final BatchNorm projectNorm;
  private final Upsampler[] ups = new Upsampler[UPS];
  private final BatchNorm[] norms = new BatchNorm[UPS];
  private final INDArray[] outputs = new INDArray[UPS + 1];

  Decoder(ParameterBlock block, ModelSpec spec) {
    this.spec = spec;
    int top = spec.filters() * 8;
    project = new Dense(block, spec.latent(), (long) top * (spec.height() / 16) * (spec.width() / 16), false);
    projectNorm = new BatchNorm(block, top, 2);
    int in = top;
    for (int l = 0; l < UPS; l++) {
      boolean last = l == UPS - 1;
      int out = last ? spec.channels() : in / 2;
      ups[l] = Upsampler.create(block, spec.upsampling(), in, out, last);
      norms[l] = last ? null : new BatchNorm(block, out, 2);
      in = out;
    }
  }

  /** z [n, latent] → frames [n, H, W, C] (NHWC) in (-1, 1). */
  INDArray forward(INDArray z, BatchNorm.Mode mode) {
    long n = z.size(0);
    int top = spec.filters() * 8;
    INDArray p = project.forward(z).reshape('c', n * (spec.height() / 16) * (spec.width() / 16), top);
    INDArray a = Activations.relu(projectNorm.forward(p, mode))
        .reshape('c', n, spec.height() / 16, spec.width() / 16, top);
    outputs[0] = a;
    for (int l = 0; l < UPS; l++) {
      INDArray y = ups[l].forward(a);
      if (norms[l] != null) {
        long[] shape = y.shape();
        a = Activations.relu(norms[l].forward(y.reshape('c', y.length() / shape[3], shape[3]), mode))
            .reshape('c', shape);
      } else {
        a = Activations.tanh(y);
      }
      outputs[l + 1] = a;
    }
    return a;
  }

  /** dFrames [n, H, W, C] → dz [n, latent] (null unless inputGrad); parameter gradients if paramGrad. */
  INDArray backward(INDArray dFrames, boolean inputGrad, boolean paramGrad) {
    INDArray d = Activations.tanhBackward(outputs[UPS], dFrames);
    for (int l = UPS - 1; l >= 0; l--) {
      if (l < UPS - 1) {
        d = Activations.reluBackward(outputs[l + 1], d);
        long[] shape = d.shape();
        d = norms[l].backward(d.reshape('c', d.length() / shape[3], shape[3]), paramGrad).reshape('c', shape);
      }
      d = ups[l].backward(d, true, paramGrad);
    }
    long n = d.size(0);
    d = Activations.reluBackward(outputs[0], d);
    d = projectNorm.backward(d.reshape('c', d.length() / (spec.filters() * 8), spec.filters() * 8), paramGrad);
    return project.backward(d.reshape('c', n, d.length() / n), inputGrad, paramGrad);
  }
}
