package io.autoencoded.reconstruct.model;

import io.autoencoded.job.model.VaeGan;
import io.autoencoded.job.model.torch.TorchRuntime;
import io.autoencoded.job.model.torch.TorchVaeGan;
import java.io.IOException;

/**
 * Loads a checkpoint, whichever engine trained it (there is one format), into the torch engine on this task's
 * device ({@code model.engine = torch}): read as {@link VaeGanCheckpointLoader} reads it, then its flat
 * parameters moved into an inference-only {@link TorchVaeGan}.
 */
public final class TorchCheckpointLoader implements ModelLoader {
  private static final long serialVersionUID = 1L;

  private final VaeGanCheckpointLoader reader = new VaeGanCheckpointLoader();

  @Override
  public byte[] forExecutors(byte[] checkpoint) throws IOException {
    return reader.forExecutors(checkpoint);
  }

  @Override
  public ReconstructionModel load(byte[] checkpoint) throws IOException {
    VaeGan read = ((VaeGanReconstructionModel) reader.load(checkpoint)).model();
    return new TorchReconstructionModel(TorchVaeGan.forInference(read.spec(), read.dataType(), read.parameters(),
        TorchRuntime.device()));
  }
}
