package io.autoencoded.reconstruct.model;

import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.VaeGan;
import java.nio.charset.StandardCharsets;

/**
 * The real VAE-GAN, freshly initialised from a seed: checkpoint bytes "VAEGAN height width filters latent seed".
 * Untrained, so its pictures are not meaningful, but every layer (encoder, batch norm in inference, decoder)
 * runs exactly as in a real reconstruction.
 */
public record SeededVaeGanLoader() implements ModelLoader {
  public static byte[] checkpoint(int height, int width, int filters, int latent, long seed) {
    return ("VAEGAN " + height + " " + width + " " + filters + " " + latent + " " + seed)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public ReconstructionModel load(byte[] checkpoint) throws java.io.IOException {
    String[] p = new String(checkpoint, StandardCharsets.UTF_8).trim().split(" ");
    if (p.length != 6 || !p[0].equals("VAEGAN")) {
      throw new java.io.IOException("not a seeded VAE-GAN checkpoint");
    }
    ModelSpec spec = new ModelSpec(Integer.parseInt(p[1]), Integer.parseInt(p[2]), 3, Integer.parseInt(p[3]),
        Integer.parseInt(p[4]), 2.5, 2e-4, Long.parseLong(p[5]));
    return new VaeGanReconstructionModel(VaeGan.create(spec));
  }
}
