package io.autoencoded.job.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.tensor.FrameTensorCodec;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.config.SettingsLoader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A small model with the project's default objective, trained a few hundred steps (fixed seeds) on frames of the
 * bundled demo clip, reconstructs them better than the clip's mean frame, neither blurred nor noisy.
 */
class VaeGanConvergenceTest {
  private static final int HEIGHT = 32;
  private static final int WIDTH = 64;
  private static final int EPOCHS = 100;
  private static final double MARGIN_DB = 2;

  static INDArray demoFrames(int every) throws Exception {
    Path clip = Path.of("..", "deploy", "demo", "cityCC0.mpg");
    Assumptions.assumeTrue(Files.isRegularFile(clip), "the bundled demo clip is missing");
    List<byte[]> frames = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toFile())) {
      grabber.setImageWidth(WIDTH);
      grabber.setImageHeight(HEIGHT);
      grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
      grabber.start();
      int index = 0;
      Frame frame;
      while ((frame = grabber.grabImage()) != null) {
        if (index++ % every != 0) {
          continue;
        }
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        byte[] pixels = new byte[HEIGHT * WIDTH * 3];
        for (int y = 0; y < HEIGHT; y++) {
          buffer.position(y * frame.imageStride);
          buffer.get(pixels, y * WIDTH * 3, WIDTH * 3);
        }
        frames.add(pixels);
      }
    }
    return new FrameTensorCodec(HEIGHT, WIDTH, 3).toBatch(frames);
  }

  /**
   * The default objective (conf/application.conf's model and train sections: Broad's learned similarity, no pixel
   * term) at a CI size: after a few hundred steps the inference-mode reconstructions (z = μ, running statistics)
   * beat the clip's mean frame by a margin, with a sharpness ratio in range (no blur, noise or checkerboard).
   */
  @Test
  void theDefaultObjectiveBeatsTheMeanFrameWithoutNoiseOrBlur() throws Exception {
    INDArray frames = demoFrames(2);
    int n = (int) frames.size(0);
    Settings settings = SettingsLoader.load(List.of(), Map.of("frames.height", String.valueOf(HEIGHT),
        "frames.width", String.valueOf(WIDTH), "model.filters", "8", "model.latent", "32"));
    ModelSpec spec = ModelSpec.from(settings);
    assertEquals(0, spec.pixelWeight(), "the default objective has no pixel term");
    VaeGan model = VaeGan.create(spec);
    if (ModelSpec.MEAN_FRAME.equals(spec.centring())) {
      model.setCentre(frames.mean(true, 0)); // as the training job does
    }
    int batch = 16;
    java.util.Random order = new java.util.Random(1);
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      List<Integer> shuffled = new ArrayList<>(java.util.stream.IntStream.range(0, n).boxed().toList());
      java.util.Collections.shuffle(shuffled, order);
      for (int s = 0; s + batch <= n; s += batch) {
        long[] pick = shuffled.subList(s, s + batch).stream().mapToLong(Integer::longValue).toArray();
        StepLosses losses = model.trainStep(frames.get(NDArrayIndex.indices(pick)));
        assertTrue(losses.finite(), "epoch " + epoch + ": " + losses);
      }
    }
    INDArray recon = model.reconstruct(frames);
    INDArray meanFrame = frames.mean(0).reshape(1, 3, HEIGHT, WIDTH).broadcast(frames.shape());
    double psnr = psnr(recon.squaredDistance(frames) / frames.length());
    double meanFramePsnr = psnr(meanFrame.squaredDistance(frames) / frames.length());
    double sharpness = RawClipTraining.laplacianEnergy(recon) / RawClipTraining.laplacianEnergy(frames);
    System.out.printf("%d frames, %d epochs: PSNR %.2f dB, mean frame %.2f dB, sharpness ratio %.3f (%s)%n", n,
        EPOCHS, psnr, meanFramePsnr, sharpness, spec);
    assertTrue(psnr > meanFramePsnr + MARGIN_DB, "PSNR " + psnr + " dB does not beat the mean frame's "
        + meanFramePsnr + " dB by " + MARGIN_DB + " dB");
    assertTrue(sharpness > 0.6 && sharpness < 1.4, "sharpness ratio " + sharpness + " is out of 0.6-1.4");
  }

  /** PSNR in dB of frames in [-1, 1] (peak-to-peak 2: the same figure as on 8-bit pixels). */
  private static double psnr(double mse) {
    return 10 * Math.log10(4 / mse);
  }
}
