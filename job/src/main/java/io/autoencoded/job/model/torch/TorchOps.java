package io.autoencoded.job.model.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The libtorch operations the model needs that DJL's engine-neutral API lacks or computes in single precision
 * (its leaky ReLU takes a float slope: 0.2f, not 0.2, in a double-precision parity check), called through DJL's
 * PyTorch JNI directly. Every one is differentiable by libtorch's autograd.
 */
final class TorchOps {
  private TorchOps() {}

  /** Cross-correlation as libtorch computes it: x [n, in, h, w], weights [out, in, k, k], bias [out] or null. */
  static NDArray conv2d(NDArray x, NDArray weights, NDArray bias, int stride, int padding) {
    return JniUtils.convolution((PtNDArray) x, (PtNDArray) weights, (PtNDArray) bias, new Shape(stride, stride),
        new Shape(padding, padding), new Shape(1, 1), 1);
  }

  static NDArray leakyRelu(NDArray x, double slope) {
    return JniUtils.leakyRelu((PtNDArray) x, slope);
  }

  static NDArray relu(NDArray x) {
    return JniUtils.relu((PtNDArray) x);
  }

  /** log(1 + e^x), libtorch's (linear above 20, where it equals x to within e^-20). */
  static NDArray softPlus(NDArray x) {
    return JniUtils.softPlus((PtNDArray) x);
  }

  /**
   * {@code value} as a 0-dimensional tensor in {@code like}'s precision, on its device, owning its memory. DJL's
   * arithmetic with a number ({@code x.mul(0.5)}) makes the number a view of a Java direct buffer (on the CPU) and
   * closes it once the result exists; autograd saves that scalar for the backward pass, which then reads freed
   * memory once Java has collected the buffer (NaN and wrong gradients, at random, under load). So this engine
   * never passes DJL a number: it computes with these constants.
   */
  static NDArray constant(NDArray like, double value) {
    NDManager manager = like.getManager();
    try (NDArray view = like.getDataType() == DataType.FLOAT64 ? manager.create(value)
        : manager.create((float) value)) {
      return view.toType(like.getDataType(), false).duplicate();
    }
  }

  static NDArray mul(NDArray x, double k) {
    return x.mul(constant(x, k));
  }

  static NDArray div(NDArray x, double k) {
    return x.div(constant(x, k));
  }

  static NDArray add(NDArray x, double k) {
    return x.add(constant(x, k));
  }

  static NDArray pow(NDArray x, double k) {
    return x.pow(constant(x, k));
  }

  /** A scalar's value on the host, whatever its precision or device. */
  static double scalar(NDArray a) {
    return a.toType(DataType.FLOAT64, false).toDoubleArray()[0];
  }

  /** Turns autograd's recording on or off for this thread (libtorch's grad mode is thread-local); returns the old. */
  static boolean recordGradients(boolean on) {
    boolean was = JniUtils.isGradMode();
    JniUtils.setGradMode(on);
    return was;
  }

  /**
   * Backpropagates the scalar {@code objective} into the leaves' {@code .grad}, keeping the graph for another
   * backward pass when {@code keepGraph}: the three routes are three passes over one forward graph.
   */
  static void backward(NDArray objective, boolean keepGraph) {
    NDArray seed = objective.onesLike();
    JniUtils.backward((PtNDArray) objective, (PtNDArray) seed, keepGraph, false);
  }

  static void zeroGradient(NDArray leaf) {
    JniUtils.zeroGrad((PtNDArray) leaf);
  }
}
