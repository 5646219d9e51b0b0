package io.autoencoded.reconstruct.model;

import io.autoencoded.job.model.VaeGan;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The trained VAE-GAN seen as a reconstruction model (z = mu, batch-norm running statistics). */
public record VaeGanReconstructionModel(VaeGan model) implements ReconstructionModel {
  @Override
  public int height() {
    return model.spec().height();
  }

  @Override
  public int width() {
    return model.spec().width();
  }

  @Override
  public int latent() {
    return model.spec().latent();
  }

  @Override
  public INDArray encode(INDArray frames) {
    return model.encode(frames);
  }

  @Override
  public INDArray decode(INDArray latents) {
    return model.decode(latents);
  }
}
