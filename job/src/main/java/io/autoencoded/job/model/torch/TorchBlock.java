package io.autoencoded.job.model.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * One network's trainable parameters and running statistics, each one flat tensor, in exactly the order and
 * shapes of VaeGan's {@code ParameterBlock}: the layers register their slots in the same order as VaeGan's
 * layers do, in VaeGan's layouts (convolution weights [5, 5, in, out], dense weights [in, out]). The flat vectors
 * therefore are VaeGan's, value for value, with no conversion; each layer turns its slot into libtorch's layout
 * inside its forward pass, where autograd carries the gradient back into the flat vector. This is the one place
 * the parameter layout lives on the torch side: a new block of parameters (a layer, the input centring's mean
 * frame) is a new slot here, in VaeGan's order.
 *
 * <p>The parameters are one autograd leaf, so a network's gradient is one flat vector too, in the same layout,
 * and its optimizer steps over one vector as VaeGan's does.
 */
final class TorchBlock {
  /** A tensor inside a flat buffer. */
  final class Slot {
    private final long offset;
    private final long length;
    private final Shape shape;
    private final boolean statistic;

    private Slot(long offset, long[] shape, boolean statistic) {
      this.offset = offset;
      this.shape = new Shape(shape);
      this.length = this.shape.size();
      this.statistic = statistic;
    }

    /**
     * The slot's current value in VaeGan's layout: a view of the flat tensor (parameters: differentiable into the
     * leaf; statistics: writes through to the block's running statistics).
     */
    NDArray value() {
      NDArray flat = statistic ? stats : params;
      return flat.get(new NDIndex().addSliceDim(offset, offset + length)).reshape(shape);
    }
  }

  private final List<Slot> slots = new ArrayList<>();
  private long paramCount;
  private long statCount;
  private boolean trainable;
  private NDArray params;
  private NDArray stats;

  Slot param(long... shape) {
    Slot slot = new Slot(paramCount, shape, false);
    slots.add(slot);
    paramCount += slot.length;
    return slot;
  }

  Slot stat(long... shape) {
    Slot slot = new Slot(statCount, shape, true);
    slots.add(slot);
    statCount += slot.length;
    return slot;
  }

  /** Zero buffers on {@code manager}'s device (values are set next); the parameters record gradients if trainable. */
  void allocate(NDManager manager, DataType type, boolean trainable) {
    this.trainable = trainable;
    setParams(manager.zeros(new Shape(Math.max(paramCount, 1)), type));
    setStats(manager.zeros(new Shape(Math.max(statCount, 1)), type));
  }

  long paramCount() {
    return Math.max(paramCount, 1);
  }

  long statCount() {
    return Math.max(statCount, 1);
  }

  /** The flat parameters: the autograd leaf of this network. */
  NDArray params() {
    return params;
  }

  NDArray stats() {
    return stats;
  }

  /** Replaces the parameters by {@code values} ([paramCount], this block's precision and device; taken over). */
  void setParams(NDArray values) {
    requireLength(values, paramCount(), "parameters");
    NDScope.unregister(values);
    if (params != null) {
      params.close();
    }
    params = values;
    if (trainable) {
      params.setRequiresGradient(true);
    }
  }

  /** Replaces the running statistics by {@code values} ([statCount]; taken over). */
  void setStats(NDArray values) {
    requireLength(values, statCount(), "running statistics");
    NDScope.unregister(values);
    if (stats != null) {
      stats.close();
    }
    stats = values;
  }

  /** A copy of the gradient the last backward pass left in the leaf. */
  NDArray gradient() {
    return params.getGradient().duplicate();
  }

  void zeroGradient() {
    TorchOps.zeroGradient(params);
  }

  private static void requireLength(NDArray values, long length, String what) {
    if (values.getShape().dimension() != 1 || values.size() != length) {
      throw new IllegalArgumentException(what + " must be [" + length + "], got " + values.getShape());
    }
  }
}
