package io.autoencoded.job.model.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Arrays across the engine boundary: the jobs hand models ND4J arrays (frames, latents, flat parameter vectors),
 * the torch engine computes on libtorch tensors on its device. Values are copied in row-major order, shapes kept.
 */
final class TorchTransfer {
  private TorchTransfer() {}

  /**
   * {@code a} as a tensor of {@code type} on {@code manager}'s device, owning its memory: on the CPU, DJL makes
   * a tensor from host values as a view of a Java direct buffer, which Java frees once that array is closed and
   * collected, while a view of it or a tensor autograd saved may still read it (see {@link TorchOps#constant}).
   */
  static NDArray toTorch(NDManager manager, INDArray a, DataType type) {
    INDArray rowMajor = a.castTo(nd4jType(type)).dup('c');
    Shape shape = new Shape(a.shape());
    try (NDArray view = type == DataType.FLOAT64
        ? manager.create(rowMajor.data().asDouble(), shape)
        : manager.create(rowMajor.data().asFloat(), shape)) {
      return view.duplicate();
    }
  }

  /** {@code a} copied to the host as an ND4J array of the same shape and precision. */
  static INDArray toNd4j(NDArray a) {
    long[] shape = a.getShape().getShape();
    if (a.getDataType() == DataType.FLOAT64) {
      return Nd4j.create(a.toDoubleArray(), shape, 'c');
    }
    return Nd4j.create(a.toType(DataType.FLOAT32, false).toFloatArray(), shape, 'c');
  }

  static org.nd4j.linalg.api.buffer.DataType nd4jType(DataType type) {
    return switch (type) {
      case FLOAT32 -> org.nd4j.linalg.api.buffer.DataType.FLOAT;
      case FLOAT64 -> org.nd4j.linalg.api.buffer.DataType.DOUBLE;
      default -> throw new IllegalArgumentException("the torch engine computes in FLOAT32 or FLOAT64, not " + type);
    };
  }

  static DataType torchType(org.nd4j.linalg.api.buffer.DataType type) {
    return switch (type) {
      case FLOAT -> DataType.FLOAT32;
      case DOUBLE -> DataType.FLOAT64;
      default -> throw new IllegalArgumentException("the torch engine computes in FLOAT or DOUBLE, not " + type);
    };
  }
}
