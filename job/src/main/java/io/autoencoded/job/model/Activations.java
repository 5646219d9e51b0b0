package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUBp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The nonlinearities of the VAE-GAN and their derivatives, expressed through their outputs where possible. The
 * forward functions overwrite their input: every caller passes a fresh batch-norm or convolution output that
 * nothing else holds, and a copy per layer is an activation-sized allocation and pass saved.
 */
final class Activations {
  static final double LEAK = 0.2;

  private Activations() {}

  static INDArray leakyRelu(INDArray x) {
    return Transforms.leakyRelu(x, LEAK, false);
  }

  /** dy·f'(x) given the activation's output y (y > 0 exactly where x > 0). */
  static INDArray leakyReluBackward(INDArray y, INDArray dy) {
    INDArray dx = Nd4j.createUninitialized(dy.dataType(), dy.shape());
    Nd4j.exec(new LeakyReLUBp(y, dy, dx, LEAK));
    return dx;
  }

  static INDArray relu(INDArray x) {
    return Transforms.relu(x, false);
  }

  static INDArray reluBackward(INDArray y, INDArray dy) {
    return Transforms.step(y, true).muli(dy);
  }

  static INDArray tanh(INDArray x) {
    return Transforms.tanh(x, false);
  }

  static INDArray tanhBackward(INDArray y, INDArray dy) {
    return y.mul(y).rsubi(1).muli(dy);
  }
}
