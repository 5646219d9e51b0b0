package io.autoencoded.job.model;

import io.autoencoded.job.tensor.FrameTensorCodec;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Not a regular test (skipped unless {@code -Ddiag=true}): trains on the bundled clip and reports PSNR of the
 * reconstructions in training mode (batch statistics) and in inference mode (running statistics, z = μ)
 * against the frames and against the mean-frame baseline, every {@code diag.every} steps, and writes
 * original | train-mode | inference-mode PNGs to {@code diag.out}. Knobs (system properties): diag.height,
 * diag.width, diag.filters, diag.latent, diag.batch, diag.steps, diag.lr, diag.gamma, diag.generator,
 * diag.pixel, diag.stride (every stride-th frame of the clip).
 *
 * <pre>mvn -q -B test -pl job -Dtest=ReconstructionQualityDiagnostic -Ddiag=true -Ddiag.steps=70</pre>
 */
class ReconstructionQualityDiagnostic {

  static INDArray clipFrames(int height, int width, int stride) throws Exception {
    Path clip = Path.of("..", "deploy", "demo", "cityCC0.mpg");
    Assumptions.assumeTrue(Files.isRegularFile(clip), "the bundled demo clip is missing");
    List<byte[]> frames = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toFile())) {
      grabber.setImageWidth(width);
      grabber.setImageHeight(height);
      grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
      grabber.start();
      int index = 0;
      Frame frame;
      while ((frame = grabber.grabImage()) != null) {
        if (index++ % stride != 0) {
          continue;
        }
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        byte[] pixels = new byte[height * width * 3];
        for (int y = 0; y < height; y++) {
          buffer.position(y * frame.imageStride);
          buffer.get(pixels, y * width * 3, width * 3);
        }
        frames.add(pixels);
      }
    }
    return new FrameTensorCodec(height, width, 3).toBatch(frames);
  }

  /** PSNR in dB of frames in [-1, 1] (peak-to-peak 2, the same figure as on 8-bit pixels). */
  static double psnr(double mse) {
    return 10 * Math.log10(4 / mse);
  }

  static double meanFrameMse(INDArray frames) {
    INDArray mean = frames.mean(0).reshape(1, frames.size(1), frames.size(2), frames.size(3))
        .broadcast(frames.shape());
    return mean.squaredDistance(frames) / frames.length();
  }

  /** Inference-mode reconstructions of every frame, in chunks. */
  static INDArray reconstructAll(VaeGan model, INDArray frames, int chunk, boolean batchStatistics) {
    List<INDArray> parts = new ArrayList<>();
    for (long s = 0; s < frames.size(0); s += chunk) {
      INDArray part = frames.get(NDArrayIndex.interval(s, Math.min(s + chunk, frames.size(0))));
      parts.add(batchStatistics ? model.reconstructWithBatchStatistics(part) : model.reconstruct(part));
    }
    return Nd4j.concat(0, parts.toArray(new INDArray[0]));
  }

  @Test
  void report() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("diag"), "diagnostic: run with -Ddiag=true");
    int height = Integer.getInteger("diag.height", 64);
    int width = Integer.getInteger("diag.width", 112);
    int filters = Integer.getInteger("diag.filters", 32);
    int latent = Integer.getInteger("diag.latent", 64);
    int batch = Integer.getInteger("diag.batch", 16);
    int steps = Integer.getInteger("diag.steps", 70);
    int every = Integer.getInteger("diag.every", 35);
    int stride = Integer.getInteger("diag.stride", 1);
    double lr = Double.parseDouble(System.getProperty("diag.lr", "2e-4"));
    double gamma = Double.parseDouble(System.getProperty("diag.gamma", "2.5"));
    String generator = System.getProperty("diag.generator", ModelSpec.NON_SATURATING);
    double pixel = Double.parseDouble(System.getProperty("diag.pixel", "0"));
    boolean equilibrium = Boolean.getBoolean("diag.equilibrium");
    File out = new File(System.getProperty("diag.out", "/tmp/diag"));
    out.mkdirs();

    INDArray frames = clipFrames(height, width, stride);
    int n = (int) frames.size(0);
    double baseline = meanFrameMse(frames);
    ModelSpec spec = new ModelSpec(height, width, 3, filters, latent, gamma, lr, 42L)
        .withGeneratorLoss(generator).withPixelWeight(pixel).withEquilibrium(equilibrium);
    System.out.printf("frames %d at %dx%d, mean-frame MSE %.4f (PSNR %.2f dB); spec %s%n", n, height, width,
        baseline, psnr(baseline), spec);
    VaeGan model = VaeGan.create(spec);
    java.util.Random order = new java.util.Random(1);
    List<Integer> indices = new ArrayList<>();
    long started = System.nanoTime();
    for (int step = 1; step <= steps; step++) {
      if (indices.size() < batch) {
        indices.clear();
        for (int i = 0; i < n; i++) {
          indices.add(i);
        }
        java.util.Collections.shuffle(indices, order);
      }
      long[] pick = new long[batch];
      for (int b = 0; b < batch; b++) {
        pick[b] = indices.remove(indices.size() - 1);
      }
      StepLosses losses = model.trainStep(frames.get(NDArrayIndex.indices(pick)));
      if (step % every == 0 || step == steps) {
        INDArray trainMode = reconstructAll(model, frames, batch, true);
        INDArray inferMode = reconstructAll(model, frames, batch, false);
        double trainMse = trainMode.squaredDistance(frames) / frames.length();
        double inferMse = inferMode.squaredDistance(frames) / frames.length();
        INDArray mu = model.encode(frames);
        System.out.printf("step %d (%.0f s) %s | train-mode MSE %.4f (%.2f dB), inference MSE %.4f (%.2f dB),"
            + " baseline %.4f (%.2f dB); mu std across frames %.3f%n", step, (System.nanoTime() - started) / 1e9,
            losses, trainMse, psnr(trainMse), inferMse, psnr(inferMse), baseline, psnr(baseline),
            mu.std(0).meanNumber().doubleValue());
        writeGrid(new File(out, "step-" + step + ".png"), frames, trainMode, inferMode, height, width);
      }
    }
  }

  static void writeGrid(File file, INDArray frames, INDArray trainMode, INDArray inferMode, int h, int w)
      throws Exception {
    FrameTensorCodec codec = new FrameTensorCodec(h, w, 3);
    int rows = 6;
    long n = frames.size(0);
    BufferedImage img = new BufferedImage(3 * w, rows * h, BufferedImage.TYPE_INT_RGB);
    for (int r = 0; r < rows; r++) {
      int index = (int) (r * (n - 1) / (rows - 1));
      INDArray[] columns = {frames, trainMode, inferMode};
      for (int c = 0; c < 3; c++) {
        byte[] px = codec.toPixels(columns[c], index);
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            int o = (y * w + x) * 3;
            img.setRGB(c * w + x, r * h + y,
                ((px[o] & 255) << 16) | ((px[o + 1] & 255) << 8) | (px[o + 2] & 255));
          }
        }
      }
    }
    ImageIO.write(img, "png", file);
  }
}
