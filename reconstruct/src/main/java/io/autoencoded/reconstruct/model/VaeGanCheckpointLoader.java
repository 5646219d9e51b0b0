package io.autoencoded.reconstruct.model;

import io.autoencoded.job.model.Checkpoint;
import io.autoencoded.job.model.VaeGan;
import io.autoencoded.job.train.CheckpointFormat;
import io.autoencoded.job.train.ModelState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads a VAE-GAN from the bytes of a {@code checkpoint.bin} written by training, in either format
 * {@link CheckpointFormat} reads: the spec builds inference-only networks (no random initialisation, no
 * gradients, no optimizer), the flat parameters (weights and batch-norm running statistics) fill them. The
 * optimizer state in the file is not read.
 */
public final class VaeGanCheckpointLoader implements ModelLoader {
  private static final long serialVersionUID = 1L;

  /** The VAE-GAN's own format without its optimizer state: two thirds less to broadcast and hold. */
  @Override
  public byte[] forExecutors(byte[] checkpoint) throws IOException {
    return CheckpointFormat.isModelIndependent(checkpoint) ? checkpoint : Checkpoint.weightsOnly(checkpoint);
  }

  @Override
  public ReconstructionModel load(byte[] checkpoint) throws IOException {
    if (!CheckpointFormat.isModelIndependent(checkpoint)) {
      return new VaeGanReconstructionModel(Checkpoint.readForInference(new ByteArrayInputStream(checkpoint)));
    }
    ModelState state;
    try {
      state = CheckpointFormat.read(new ByteArrayInputStream(checkpoint), "the checkpoint");
    } catch (java.io.EOFException e) {
      throw new IOException("the checkpoint is truncated", e);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException("the checkpoint's model spec is unreadable", e);
    }
    float[] parameters = state.parameters();
    VaeGan model = VaeGan.forInference(state.spec(), org.nd4j.linalg.api.buffer.DataType.FLOAT,
        Nd4j.createFromArray(parameters).reshape(1, parameters.length));
    return new VaeGanReconstructionModel(model);
  }
}
