package io.autoencoded.job.model.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.autoencoded.job.model.ModelSpec;

/**
 * One network's optimizer over its flat parameter vector, with ND4J's update rules and state layout (VaeGan's
 * NetworkOptimizer): Adam's state is [m | v], its step size lr·√(1 − β2^(t+1)) / (1 − β1^(t+1)) from the model's
 * iteration t and its update m·step / (√v + ε); RMSProp's state is the running mean square c, its update
 * lr·g / (√c + ε). So the state a checkpoint holds continues in either engine.
 */
final class TorchOptimizer {
  static final double BETA2 = 0.999;
  static final double RMSPROP_DECAY = 0.9;
  static final double EPSILON = 1e-8;

  private final ModelSpec spec;
  private final long count;
  private NDArray state;

  TorchOptimizer(ModelSpec spec, long paramCount, NDManager manager, DataType type) {
    this.spec = spec;
    this.count = paramCount;
    setState(manager.zeros(new Shape(stateSize()), type));
  }

  private boolean adam() {
    return ModelSpec.ADAM.equals(spec.optimizer());
  }

  long stateSize() {
    return adam() ? 2 * count : count;
  }

  NDArray state() {
    return state;
  }

  /** Replaces the state by {@code values} ([stateSize]; taken over). */
  void setState(NDArray values) {
    if (values.getShape().dimension() != 1 || values.size() != stateSize()) {
      throw new IllegalArgumentException("optimizer state must be [" + stateSize() + "], got " + values.getShape());
    }
    NDScope.unregister(values);
    if (state != null) {
      state.close();
    }
    state = values;
  }

  /** params −= update(grad), in place; call with autograd's recording off. */
  void step(NDArray params, NDArray grad, long iteration) {
    double lr = spec.learningRate();
    if (adam()) {
      double beta1 = spec.beta1();
      NDArray m = state.get(new NDIndex().addSliceDim(0, count));
      NDArray v = state.get(new NDIndex().addSliceDim(count, 2 * count));
      m.muli(TorchOps.constant(m, beta1)).addi(TorchOps.mul(grad, 1 - beta1));
      v.muli(TorchOps.constant(v, BETA2)).addi(TorchOps.mul(grad.square(), 1 - BETA2));
      int t = (int) Math.min(iteration, Integer.MAX_VALUE);
      double stepSize = lr * Math.sqrt(1 - Math.pow(BETA2, t + 1.0)) / (1 - Math.pow(beta1, t + 1.0));
      if (Double.isNaN(stepSize) || Double.isInfinite(stepSize) || stepSize == 0) {
        stepSize = EPSILON;
      }
      params.subi(TorchOps.mul(m, stepSize).div(TorchOps.add(v.sqrt(), EPSILON)));
    } else {
      state.muli(TorchOps.constant(state, RMSPROP_DECAY)).addi(TorchOps.mul(grad.square(), 1 - RMSPROP_DECAY));
      params.subi(TorchOps.mul(grad, lr).div(TorchOps.add(state.sqrt(), EPSILON)));
    }
  }
}
