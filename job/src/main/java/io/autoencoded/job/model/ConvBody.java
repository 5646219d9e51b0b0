package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The body the encoder and the discriminator share in shape (not in weights): four 5×5 stride-2 convolutions with
 * filters ×1, 2, 4, 8, leaky ReLU 0.2, batch norm on the last three. Keeps every layer's output: they are the
 * discriminator's learned-similarity features.
 */
final class ConvBody {
  static final int LAYERS = 4;

  private final Conv2dDown[] convs = new Conv2dDown[LAYERS];
  private final BatchNorm[] norms = new BatchNorm[LAYERS];
  private final INDArray[] outputs = new INDArray[LAYERS];

  /** {@code batches}: how many equal parts of a training batch are normalised apart (see {@link BatchNorm}). */
  ConvBody(ParameterBlock block, int channels, int filters, int batches) {
    int in = channels;
    for (int l = 0; l < LAYERS; l++) {
      int out = filters << l;
      convs[l] = new Conv2dDown(block, in, out, l == 0);
      norms[l] = l == 0 ? null : new BatchNorm(block, out, batches);
      in = out;
    }
  }

  /** x [n, h, w, c] → the four layers' outputs; the last is [n, h/16, w/16, 8·filters]. */
  INDArray[] forward(INDArray x, BatchNorm.Mode mode) {
    INDArray a = x;
    for (int l = 0; l < LAYERS; l++) {
      INDArray z = convs[l].forward(a);
      if (norms[l] != null) {
        long[] shape = z.shape();
        z = norms[l].forward(z.reshape('c', z.length() / shape[3], shape[3]), mode).reshape('c', shape);
      }
      a = Activations.leakyRelu(z);
      outputs[l] = a;
    }
    return outputs.clone();
  }

  /**
   * Backpropagates gradients arriving at any layers' outputs ({@code dOutputs[l]}, null where none) down to the
   * input (returned if inputGrad, else null).
   */
  INDArray backward(INDArray[] dOutputs, boolean inputGrad, boolean paramGrad) {
    INDArray d = null;
    for (int l = LAYERS - 1; l >= 0; l--) {
      if (dOutputs[l] != null) {
        d = d == null ? dOutputs[l] : d.add(dOutputs[l]);
      }
      if (d == null) {
        continue;
      }
      d = Activations.leakyReluBackward(outputs[l], d);
      if (norms[l] != null) {
        long[] shape = d.shape();
        d = norms[l].backward(d.reshape('c', d.length() / shape[3], shape[3]), paramGrad).reshape('c', shape);
      }
      d = convs[l].backward(d, l > 0 || inputGrad, paramGrad);
    }
    return d;
  }
}
