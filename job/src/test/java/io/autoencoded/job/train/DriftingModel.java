package io.autoencoded.job.train;

import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.StepLosses;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The linear autoencoder with one more parameter, a drift that every training step raises by the learning rate
 * over 0.01 and whose step reports a prior loss of 1e9 once the drift it starts from is above {@link #LIMIT}: a
 * model that a round leaves in a state which diverges only on the next round's first step, whatever that round's
 * learning rate (the 2-hour film benchmark's training did this at round 59 of 288). Only going back to the round
 * that made the state, at a lower learning rate, gets past it.
 */
final class DriftingModel implements TrainableModel {
  enum Factory implements ModelFactory {
    INSTANCE;

    @Override
    public TrainableModel create(ModelSpec spec) {
      return new DriftingModel(spec);
    }
  }

  /** Between the two steps of a round at learning rate 0.01 (drift 0, 1) and the next round's first (drift 2). */
  static final double LIMIT = 1.5;

  private final LinearAutoencoder linear;
  private double drift;

  private DriftingModel(ModelSpec spec) {
    this.linear = new LinearAutoencoder(spec);
  }

  @Override
  public ModelSpec spec() {
    return linear.spec();
  }

  @Override
  public StepLosses trainStep(INDArray frames) {
    StepLosses step = linear.trainStep(frames);
    double prior = drift > LIMIT ? 1e9 : 0;
    drift += linear.spec().learningRate() / 0.01;
    return new StepLosses(prior, step.llike(), step.gan(), step.pixelMse(), false, false);
  }

  @Override
  public INDArray reconstruct(INDArray frames) {
    return linear.reconstruct(frames);
  }

  @Override
  public INDArray decode(INDArray latents) {
    return linear.decode(latents);
  }

  @Override
  public INDArray parameters() {
    return Nd4j.concat(1, linear.parameters(), Nd4j.create(new float[] {(float) drift}, new long[] {1, 1},
        DataType.FLOAT));
  }

  @Override
  public void setParameters(INDArray flat) {
    long n = flat.length() - 1;
    INDArray row = flat.reshape(1, flat.length());
    linear.setParameters(row.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n)).reshape(1, n).dup());
    drift = row.getDouble(0, n);
  }

  @Override
  public INDArray updaterState() {
    return linear.updaterState();
  }

  @Override
  public void setUpdaterState(INDArray flat) {
    linear.setUpdaterState(flat);
  }

  @Override
  public long iteration() {
    return linear.iteration();
  }

  @Override
  public void setIteration(long iteration) {
    linear.setIteration(iteration);
  }
}
