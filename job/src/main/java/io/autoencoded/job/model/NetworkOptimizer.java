package io.autoencoded.job.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;

/** One network's optimizer (Adam or RMSProp) over its flat parameter vector, with its state in one flat vector. */
final class NetworkOptimizer {
  static final double RMSPROP_DECAY = 0.9;
  static final double EPSILON = 1e-8;

  private final INDArray state;
  private final GradientUpdater<?> updater;

  NetworkOptimizer(ModelSpec spec, long paramCount, DataType dataType) {
    IUpdater config = ModelSpec.ADAM.equals(spec.optimizer())
        ? new Adam(spec.learningRate(), spec.beta1(), 0.999, EPSILON)
        : new RmsProp(spec.learningRate(), RMSPROP_DECAY, EPSILON);
    long size = config.stateSize(Math.max(paramCount, 1));
    state = Nd4j.create(dataType, 1, size);
    updater = config.instantiate(state, true);
  }

  /** params -= update(grads); grads is consumed (overwritten with the update). */
  void step(INDArray params, INDArray grads, long iteration) {
    updater.applyUpdater(grads, (int) Math.min(iteration, Integer.MAX_VALUE), 0);
    params.subi(grads);
  }

  /** [1, stateSize]: the live state. */
  INDArray state() {
    return state;
  }
}
