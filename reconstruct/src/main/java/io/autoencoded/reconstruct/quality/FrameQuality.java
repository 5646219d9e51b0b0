package io.autoencoded.reconstruct.quality;

import java.io.Serializable;

/**
 * How well one frame was reconstructed, and what the baselines make of it.
 *
 * @param mse                     mean squared error of the reconstruction (all channels)
 * @param psnr                    its PSNR (dB)
 * @param ssim                    its luma SSIM
 * @param meanFrameMse            mean squared error of the film's mean frame against this frame
 * @param meanFrameSsim           luma SSIM of the film's mean frame against this frame
 * @param laplacianOriginal       the frame's {@link LaplacianEnergy}
 * @param laplacianReconstruction the reconstruction's {@link LaplacianEnergy}
 */
public record FrameQuality(long frameIndex, double mse, double psnr, double ssim, double meanFrameMse,
    double meanFrameSsim, double laplacianOriginal, double laplacianReconstruction) implements Serializable {

  public static FrameQuality measure(long frameIndex, byte[] original, byte[] reconstruction, MeanFrame meanFrame,
      int height, int width, int channels) {
    if (original.length != height * width * channels || reconstruction.length != original.length) {
      throw new IllegalArgumentException("images are not both " + height + "x" + width + "x" + channels);
    }
    double mse = Psnr.meanSquaredError(original, reconstruction);
    // the frame's windowed statistics serve both SSIMs: the baseline costs one more windowed product, not an SSIM
    Ssim.Windowed originalLuma = Ssim.windowed(Ssim.luma(original, height, width, channels), height, width);
    Ssim.Windowed reconstructionLuma = Ssim.windowed(Ssim.luma(reconstruction, height, width, channels), height,
        width);
    return new FrameQuality(frameIndex, mse, Psnr.fromMse(mse), Ssim.of(originalLuma, reconstructionLuma),
        meanFrame.meanSquaredError(original), meanFrame.ssim(originalLuma),
        LaplacianEnergy.of(original, height, width, channels),
        LaplacianEnergy.of(reconstruction, height, width, channels));
  }
}
