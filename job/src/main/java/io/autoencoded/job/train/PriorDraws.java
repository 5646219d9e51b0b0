package io.autoencoded.job.train;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Latent codes z ~ N(0, I) for the sample grids' prior column: what the decoder makes of codes no frame was
 * encoded to. Drawn with {@link Random} from the run's seed, not ND4J's generator, so that every epoch (and a
 * resumed run) decodes the very same codes.
 */
final class PriorDraws {
  private PriorDraws() {}

  /** [n, latent] standard normal draws; n may be 0. */
  static INDArray of(int n, int latent, long seed) {
    Random random = new Random(seed);
    float[] z = new float[n * latent];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) random.nextGaussian();
    }
    return Nd4j.create(z, new long[] {n, latent}, DataType.FLOAT);
  }
}
