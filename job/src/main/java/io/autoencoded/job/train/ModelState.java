package io.autoencoded.job.train;

import io.autoencoded.job.model.NativeVariant;
import io.autoencoded.job.model.ModelSpec;
import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model as plain arrays: what is broadcast to the replicas at the start of a round, what the driver averages
 * into, and what a checkpoint holds. Plain float arrays (not INDArrays) so that Spark ships it with no ND4J
 * serializer registered.
 */
public record ModelState(ModelSpec spec, float[] parameters, float[] updaterState, long iteration)
    implements Serializable {
  static {
    // the first ND4J use in a JVM may come through here: choose the native build before it loads
    NativeVariant.select();
  }


  public static ModelState of(TrainableModel model) {
    return new ModelState(model.spec(), model.parameters().castTo(DataType.FLOAT).data().asFloat(),
        model.updaterState().castTo(DataType.FLOAT).data().asFloat(), model.iteration());
  }

  /** Loads this state into {@code model}, whose shape must match. */
  public void applyTo(TrainableModel model) {
    model.setParameters(Nd4j.createFromArray(parameters).reshape(1, parameters.length));
    if (updaterState.length > 0) {
      model.setUpdaterState(Nd4j.createFromArray(updaterState).reshape(1, updaterState.length));
    }
    model.setIteration(iteration);
  }

  public ModelState withSpec(ModelSpec newSpec) {
    return new ModelState(newSpec, parameters, updaterState, iteration);
  }

  /** Same weights, a fresh optimizer (warm start without the old run's moments). */
  public ModelState withFreshUpdater(float[] freshUpdater) {
    return new ModelState(spec, parameters, freshUpdater, 0);
  }
}
