package io.autoencoded.reconstruct.quality;

import java.io.Serializable;

/** How well one frame was reconstructed: its mean squared error (all channels), PSNR (dB) and luma SSIM. */
public record FrameQuality(long frameIndex, double mse, double psnr, double ssim) implements Serializable {

  public static FrameQuality measure(long frameIndex, byte[] original, byte[] reconstruction, int height,
      int width, int channels) {
    double mse = Psnr.meanSquaredError(original, reconstruction);
    return new FrameQuality(frameIndex, mse, Psnr.fromMse(mse),
        Ssim.of(original, reconstruction, height, width, channels));
  }
}
