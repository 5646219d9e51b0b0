package io.autoencoded.reconstruct.quality;

import java.io.Serializable;

/**
 * The per-pixel mean of every frame of a film, as a float image (RGB HWC values in [0, 255], unrounded): the
 * baseline a model must beat. A "model" that outputs this picture for every frame knows nothing of any single
 * frame yet scores exactly the mean-frame PSNR and SSIM measured against it; a VAE-GAN that collapses to the
 * film's average (as an over-regularised one does) scores no better.
 */
public final class MeanFrame implements Serializable {
  private static final long serialVersionUID = 1L;
  private final double[] values;
  private final Ssim.Windowed luma; // SSIM's half that is the mean frame's own: computed once, not once per frame

  public MeanFrame(double[] values, int height, int width, int channels) {
    if (values.length != height * width * channels) {
      throw new IllegalArgumentException(values.length + " values are not " + height + "x" + width + "x" + channels);
    }
    this.values = values.clone();
    this.luma = Ssim.windowed(Ssim.luma(this.values, height, width, channels), height, width);
  }

  /** The mean squared error of a uint8 frame of this size against the mean frame, over every value. */
  public double meanSquaredError(byte[] frame) {
    checkSize(frame.length);
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      double d = (frame[i] & 0xff) - values[i];
      sum += d * d;
    }
    return sum / values.length;
  }

  /** SSIM of a frame, given as its windowed luma, against the mean frame. */
  public double ssim(Ssim.Windowed frameLuma) {
    return Ssim.of(frameLuma, luma);
  }

  public double[] values() {
    return values.clone();
  }

  private void checkSize(int bytes) {
    if (bytes != values.length) {
      throw new IllegalArgumentException("frame has " + bytes + " bytes, the mean frame " + values.length);
    }
  }
}
