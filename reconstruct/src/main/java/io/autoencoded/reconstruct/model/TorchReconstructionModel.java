package io.autoencoded.reconstruct.model;

import io.autoencoded.job.model.torch.TorchVaeGan;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The trained VAE-GAN on the torch engine as a reconstruction model (z = μ, batch-norm running statistics). */
public record TorchReconstructionModel(TorchVaeGan model) implements ReconstructionModel {
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
