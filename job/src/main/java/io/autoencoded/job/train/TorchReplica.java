package io.autoencoded.job.train;

import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.StepLosses;
import io.autoencoded.job.model.torch.TorchVaeGan;
import java.io.IOException;
import java.io.OutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The VAE-GAN on the torch engine ({@code model.engine = torch}) as a {@link TrainableModel}: the same flat
 * parameters, optimizer state and step counter as {@link VaeGanReplica}, so the averaging and the checkpoints are
 * the same whichever engine a replica runs.
 */
public final class TorchReplica implements TrainableModel {
  /** Builds torch replicas on the task's device; an enum so that it is serializable and equal across Spark tasks. */
  public enum Factory implements ModelFactory {
    INSTANCE;

    @Override
    public TrainableModel create(ModelSpec spec) {
      return new TorchReplica(TorchVaeGan.create(spec));
    }

    /** The checkpoint format is the engines' common one: written from the flat state as the ND4J engine writes it. */
    @Override
    public void writeCheckpoint(ModelState state, long step, int epoch, String config, OutputStream out)
        throws IOException {
      VaeGanReplica.Factory.INSTANCE.writeCheckpoint(state, step, epoch, config, out);
    }
  }

  private final TorchVaeGan model;

  public TorchReplica(TorchVaeGan model) {
    this.model = model;
  }

  public TorchVaeGan model() {
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

  @Override
  public void release() {
    model.close();
  }
}
