package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Test access, from other packages, to VaeGan's package-private training computation: the three routes' flat
 * gradients and the losses for given frames and noise (batch statistics, running statistics untouched), as
 * {@link VaeGanGradientTest} checks them. The torch engine's parity tests compare against these.
 */
public final class VaeGanRoutes {
  /** VaeGan's Losses as values, and copies of the encoder's, decoder's and discriminator's gradients [1, n]. */
  public record Result(double prior, double llike, double gan, double pixelMse, double ganReal, double ganFake,
      double generator, INDArray encoder, INDArray decoder, INDArray discriminator) {}

  private VaeGanRoutes() {}

  /** frames NCHW [n, c, h, w] (as the jobs pass them), eps and zPrior [n, latent], in the model's precision. */
  public static Result of(VaeGan model, INDArray frames, INDArray eps, INDArray zPrior) {
    VaeGan.Losses l = model.computeGradients(model.toNhwc(frames), eps, zPrior, BatchNorm.Mode.TRAIN_FROZEN);
    return new Result(l.prior(), l.llike(), l.gan(), l.pixelMse(), l.ganReal(), l.ganFake(), l.generator(),
        model.encoderBlock().grads().dup(), model.decoderBlock().grads().dup(),
        model.discriminatorBlock().grads().dup());
  }

  /** Frames in [-1, 1] with shapes and edges (discs on gradients), [n, 3, height, width], float. */
  public static INDArray frames(int n, int height, int width, long seed) {
    return SyntheticFrames.batch(n, height, width, seed);
  }
}
