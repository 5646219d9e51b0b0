package io.autoencoded.deploy.film;

import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.StepLosses;
import io.autoencoded.job.train.ModelFactory;
import io.autoencoded.job.train.ModelState;
import io.autoencoded.job.train.TrainableModel;
import java.io.IOException;
import java.io.OutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The film benchmark's way through an epoch that the machine cannot train in its time: every replica of every round
 * trains its first {@code stepsPerRound} minibatches and passes over the rest. The epoch's whole data path still runs
 * (the shuffle into round partitions, every frame read once from the shuffle files and turned into a tensor, the
 * broadcast, averaging and checkpoints); only the model's arithmetic is bounded. A minibatch passed over reports the
 * losses of the replica's last trained one, so the round's mean losses are those of the steps really taken.
 */
public record BoundedStepsFactory(ModelFactory model, int stepsPerRound) implements ModelFactory {

  @Override
  public TrainableModel create(ModelSpec spec) {
    return new Bounded(model.create(spec), stepsPerRound);
  }

  @Override
  public void writeCheckpoint(ModelState state, long step, int epoch, String config, OutputStream out)
      throws IOException {
    model.writeCheckpoint(state, step, epoch, config, out);
  }

  /** The model, counting its steps since the round's state was applied (a round starts with setParameters). */
  private static final class Bounded implements TrainableModel {
    private final TrainableModel model;
    private final int limit;
    private int taken;
    private StepLosses last = new StepLosses(0, 0, 0, 0, false, false);

    Bounded(TrainableModel model, int limit) {
      this.model = model;
      this.limit = limit;
    }

    @Override
    public ModelSpec spec() {
      return model.spec();
    }

    @Override
    public StepLosses trainStep(INDArray frames) {
      if (taken >= limit) {
        return last;
      }
      taken++;
      last = model.trainStep(frames);
      return last;
    }

    @Override
    public INDArray reconstruct(INDArray frames) {
      return model.reconstruct(frames);
    }

    @Override
    public INDArray decode(INDArray latents) {
      return model.decode(latents);
    }

    @Override
    public INDArray parameters() {
      return model.parameters();
    }

    @Override
    public void setParameters(INDArray flat) {
      taken = 0;
      model.setParameters(flat);
    }

    @Override
    public INDArray updaterState() {
      return model.updaterState();
    }

    @Override
    public void setUpdaterState(INDArray flat) {
      model.setUpdaterState(flat);
    }

    @Override
    public long iteration() {
      return model.iteration();
    }

    @Override
    public void setIteration(long iteration) {
      model.setIteration(iteration);
    }

    @Override
    public void setCentre(INDArray meanFrame) {
      model.setCentre(meanFrame);
    }

    @Override
    public void reseedNoise(long seed) {
      model.reseedNoise(seed);
    }

    @Override
    public void release() {
      model.release();
    }
  }
}
