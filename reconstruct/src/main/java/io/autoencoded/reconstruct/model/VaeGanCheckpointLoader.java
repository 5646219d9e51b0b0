package io.autoencoded.reconstruct.model;

import io.autoencoded.job.model.VaeGan;
import io.autoencoded.job.train.CheckpointFormat;
import io.autoencoded.job.train.ModelState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads a VAE-GAN from the bytes of a {@code checkpoint.bin} written by training, in either format
 * {@link CheckpointFormat} reads: the spec builds the networks, the flat parameters (weights and batch-norm
 * running statistics) fill them. The optimizer state in the file is not needed to reconstruct.
 */
public final class VaeGanCheckpointLoader implements ModelLoader {
  private static final long serialVersionUID = 1L;

  @Override
  public ReconstructionModel load(byte[] checkpoint) throws IOException {
    ModelState state;
    try {
      state = CheckpointFormat.read(new ByteArrayInputStream(checkpoint), "the checkpoint");
    } catch (java.io.EOFException e) {
      throw new IOException("the checkpoint is truncated", e);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException("the checkpoint's model spec is unreadable", e);
    }
    VaeGan model = VaeGan.create(state.spec());
    float[] parameters = state.parameters();
    model.setParameters(Nd4j.createFromArray(parameters).reshape(1, parameters.length));
    return new VaeGanReconstructionModel(model);
  }
}
