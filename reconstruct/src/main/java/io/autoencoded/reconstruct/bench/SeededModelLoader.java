package io.autoencoded.reconstruct.bench;

import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.VaeGan;
import io.autoencoded.reconstruct.model.ModelLoader;
import io.autoencoded.reconstruct.model.ReconstructionModel;
import io.autoencoded.reconstruct.model.VaeGanReconstructionModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * For benchmarks only: a "checkpoint" that is just a {@link ModelSpec}; loading it builds a freshly initialised
 * VAE-GAN of that shape. Untrained weights cost exactly the same arithmetic as trained ones.
 */
public record SeededModelLoader() implements ModelLoader {
  public static byte[] checkpoint(ModelSpec spec) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(spec);
    }
    return bytes.toByteArray();
  }

  @Override
  public ReconstructionModel load(byte[] checkpoint) throws IOException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(checkpoint))) {
      return new VaeGanReconstructionModel(VaeGan.create((ModelSpec) in.readObject()));
    } catch (ClassNotFoundException | ClassCastException e) {
      throw new IOException("not a benchmark model spec", e);
    }
  }
}
