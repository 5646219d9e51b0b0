package io.autoencoded.job.train;

import io.autoencoded.job.model.Checkpoint;
import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.StepLosses;
import io.autoencoded.job.model.TrainingPosition;
import io.autoencoded.job.model.VaeGan;
import java.io.IOException;
import java.io.OutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The VAE-GAN as a {@link TrainableModel}: the model the train command averages. */
public final class VaeGanReplica implements TrainableModel {
  /** Builds VAE-GAN replicas; an enum so that it is serializable and equal across Spark tasks. */
  public enum Factory implements ModelFactory {
    INSTANCE;

    @Override
    public TrainableModel create(ModelSpec spec) {
      return new VaeGanReplica(VaeGan.create(spec));
    }

    @Override
    public void writeCheckpoint(ModelState state, long step, int epoch, String config, OutputStream out)
        throws IOException {
      VaeGanReplica model = new VaeGanReplica(VaeGan.create(state.spec()));
      state.applyTo(model);
      Checkpoint.write(model.model, new TrainingPosition(step, epoch, config), out);
    }
  }

  private final VaeGan model;

  public VaeGanReplica(VaeGan model) {
    this.model = model;
  }

  public VaeGan model() {
    return model;
  }

  @Override
  public ModelSpec spec() {
    return model.spec();
  }

  @Override
  public StepLosses trainStep(INDArray frames) {
    return model.trainStep(frames);
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
}
