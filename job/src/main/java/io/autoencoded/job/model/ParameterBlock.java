package io.autoencoded.job.model;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One network's parameters, gradients and running statistics, each held in a single flat buffer that the layers
 * see through views: the optimizer and parameter averaging then work on three vectors, not on dozens of arrays.
 */
final class ParameterBlock {
  enum Init { ZERO, ONE, FAN_IN }

  /** A tensor inside the flat buffers; its views exist once the block is allocated. */
  static final class Slot {
    private final long offset;
    private final long[] shape;
    private final Init init;
    private final long fanIn;
    private INDArray value;
    private INDArray grad;
    private long[] legacyShape;
    private int[] legacyOrder;

    private Slot(long offset, long[] shape, Init init, long fanIn) {
      this.offset = offset;
      this.shape = shape;
      this.init = init;
      this.fanIn = fanIn;
    }

    /**
     * How checkpoints before format 3 laid this tensor out: their values, reshaped to {@code shape} and
     * permuted by {@code order}, are this slot's tensor.
     */
    Slot legacyLayout(long[] shape, int... order) {
      this.legacyShape = shape;
      this.legacyOrder = order;
      return this;
    }

    INDArray value() {
      return value;
    }

    /** Null for running statistics (they are not trained). */
    INDArray grad() {
      return grad;
    }

    long length() {
      long len = 1;
      for (long s : shape) {
        len *= s;
      }
      return len;
    }
  }

  private final List<Slot> params = new ArrayList<>();
  private final List<Slot> stats = new ArrayList<>();
  private long paramCount;
  private long statCount;
  private INDArray paramsFlat;
  private INDArray gradsFlat;
  private INDArray statsFlat;

  Slot param(Init init, long fanIn, long... shape) {
    Slot slot = new Slot(paramCount, shape, init, fanIn);
    params.add(slot);
    paramCount += slot.length();
    return slot;
  }

  Slot stat(Init init, long... shape) {
    Slot slot = new Slot(statCount, shape, init, 1);
    stats.add(slot);
    statCount += slot.length();
    return slot;
  }

  /** Creates the buffers and initial values: weights ~ N(0, 1/fan-in), batch-norm scales 1, the rest 0. */
  void allocate(DataType dataType, Random rng) {
    allocate(dataType, rng, true);
  }

  /**
   * Creates the buffers; with a null {@code rng} they stay zero (values are about to be loaded), and without
   * {@code gradients} there is no gradient buffer (an inference-only network: a third less memory).
   */
  void allocate(DataType dataType, Random rng, boolean gradients) {
    paramsFlat = Nd4j.create(dataType, 1, Math.max(paramCount, 1));
    gradsFlat = gradients ? Nd4j.create(dataType, 1, Math.max(paramCount, 1)) : null;
    statsFlat = Nd4j.create(dataType, 1, Math.max(statCount, 1));
    for (Slot s : params) {
      s.value = view(paramsFlat, s);
      s.grad = gradients ? view(gradsFlat, s) : null;
      if (rng != null) {
        initialise(s, rng);
      }
    }
    for (Slot s : stats) {
      s.value = view(statsFlat, s);
      if (rng != null) {
        initialise(s, rng);
      }
    }
  }

  /** The inverse of {@link #fromLegacyLayout} (writes checkpoints that older builds read). */
  INDArray toLegacyLayout(INDArray current) {
    INDArray converted = Nd4j.create(current.dataType(), 1, Math.max(paramCount, 1));
    INDArray row = current.reshape(1, current.length());
    for (Slot s : params) {
      INDArray from = row.get(NDArrayIndex.point(0), NDArrayIndex.interval(s.offset, s.offset + s.length()))
          .reshape('c', s.shape);
      INDArray to = converted.get(NDArrayIndex.point(0), NDArrayIndex.interval(s.offset, s.offset + s.length()));
      if (s.legacyShape == null) {
        to.assign(from.reshape(1, s.length()));
      } else {
        int[] inverse = new int[s.legacyOrder.length];
        for (int i = 0; i < inverse.length; i++) {
          inverse[s.legacyOrder[i]] = i;
        }
        to.assign(from.permute(inverse).dup('c').reshape(1, s.length()));
      }
    }
    return converted;
  }

  /** A [1, paramCount] vector laid out as before checkpoint format 3 → the same values in today's layout. */
  INDArray fromLegacyLayout(INDArray legacy) {
    INDArray converted = Nd4j.create(legacy.dataType(), 1, Math.max(paramCount, 1));
    INDArray row = legacy.reshape(1, legacy.length());
    for (Slot s : params) {
      INDArray from = row.get(NDArrayIndex.point(0), NDArrayIndex.interval(s.offset, s.offset + s.length()));
      INDArray to = view(converted, s);
      to.assign(s.legacyShape == null ? from.reshape('c', s.shape)
          : from.reshape('c', s.legacyShape).permute(s.legacyOrder));
    }
    return converted;
  }

  private static INDArray view(INDArray flat, Slot s) {
    return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(s.offset, s.offset + s.length())).reshape('c', s.shape);
  }

  private static void initialise(Slot s, Random rng) {
    switch (s.init) {
      case ZERO -> s.value.assign(0);
      case ONE -> s.value.assign(1);
      case FAN_IN -> {
        INDArray noise = Nd4j.randn(s.value.dataType(), s.shape);
        Nd4j.randn(noise, rng);
        s.value.assign(noise.muli(1.0 / Math.sqrt(s.fanIn)));
      }
      default -> throw new IllegalStateException();
    }
  }

  long paramCount() {
    return paramCount;
  }

  long statCount() {
    return statCount;
  }

  /** [1, paramCount]: the live parameters (views of it are the layers' weights). */
  INDArray params() {
    return paramsFlat;
  }

  INDArray grads() {
    return gradsFlat;
  }

  INDArray stats() {
    return statsFlat;
  }
}
