package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The 5×5 stride-2 transposed convolution that is the exact adjoint of {@link Conv2dDown} (PyTorch's
 * ConvTranspose2d(5, 2, padding 2, output_padding 1)), on NHWC activations with weights [5, 5, out, in].
 *
 * <p>libnd4j's {@code deconv2d} has symmetric padding only: with padding 1 it yields [2h+1, 2w+1] whose rows and
 * columns 1… are the adjoint's output, so the op runs at padding 1 and the first row and column are cropped
 * (forward) or zero-padded (backward).
 */
final class TransposedConv {
  /** kH, kW, sH, sW, pH, pW, dH, dW, explicit padding, NHWC, weights [kH, kW, out, in]. */
  private static final int[] ARGS = {5, 5, 2, 2, 1, 1, 1, 1, 0, 1, 0};

  private TransposedConv() {}

  /** x [n, h, w, in], weights [5, 5, out, in], bias [out] or null → [n, 2h, 2w, out]. */
  static INDArray forward(INDArray x, INDArray weights, INDArray bias) {
    long out = weights.size(2);
    INDArray full = Nd4j.createUninitialized(x.dataType(), x.size(0), 2 * x.size(1) + 1, 2 * x.size(2) + 1, out);
    INDArray[] inputs = bias == null ? new INDArray[] {x, weights} : new INDArray[] {x, weights, bias.reshape(out)};
    Nd4j.exec(DynamicCustomOp.builder("deconv2d").addInputs(inputs).addOutputs(full).addIntegerArguments(ARGS)
        .build());
    INDArray y = cropped(full).dup('c');
    Offheap.free(full);
    return y;
  }

  /**
   * Gradients of {@link #forward} for dy [n, 2h, 2w, out]: dx (returned; null unless inputGrad) and, into the
   * given views, the weight and bias gradients (bias gradient null when there is no bias).
   */
  static INDArray backward(
      INDArray x, INDArray weights, INDArray bias, INDArray dy, INDArray weightGrad, INDArray biasGrad,
      boolean inputGrad) {
    long out = weights.size(2);
    INDArray dyFull = Nd4j.create(dy.dataType(), dy.size(0), dy.size(1) + 1, dy.size(2) + 1, out);
    cropped(dyFull).assign(dy);
    INDArray dx = Nd4j.createUninitialized(x.dataType(), x.shape());
    INDArray[] inputs = bias == null
        ? new INDArray[] {x, weights, dyFull}
        : new INDArray[] {x, weights, bias.reshape(out), dyFull};
    INDArray[] outputs = bias == null
        ? new INDArray[] {dx, weightGrad}
        : new INDArray[] {dx, weightGrad, biasGrad.reshape(out)};
    Nd4j.exec(DynamicCustomOp.builder("deconv2d_bp").addInputs(inputs).addOutputs(outputs).addIntegerArguments(ARGS)
        .build());
    Offheap.free(dyFull);
    if (!inputGrad) {
      Offheap.free(dx);
      return null;
    }
    return dx;
  }

  private static INDArray cropped(INDArray full) {
    return full.get(NDArrayIndex.all(), NDArrayIndex.interval(1, full.size(1)), NDArrayIndex.interval(1, full.size(2)),
        NDArrayIndex.all());
  }
}
