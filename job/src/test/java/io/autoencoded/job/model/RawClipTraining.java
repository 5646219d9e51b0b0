package io.autoencoded.job.model;

import io.autoencoded.job.tensor.FrameTensorCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A diagnostic, not a test: trains the model in one process on raw RGB24 frames (as {@code ffmpeg -f rawvideo
 * -pix_fmt rgb24} writes them, the PyTorch peer's input) exactly as the peer does (a new permutation per epoch,
 * the last partial batch dropped), reconstructs every frame in inference mode and prints one JSON line with the
 * peer's figures: PSNR over all frames, the mean frame's PSNR and the sharpness ratio. Used for the objective's
 * ablation beside the peer (docs/QUALITY.md); the product's figures come from {@code autoencoded bench quality}.
 *
 * <pre>java -cp … io.autoencoded.job.model.RawClipTraining FRAMES.rgb HEIGHT WIDTH [OUT.rgb] -Dq.epochs=30 …</pre>
 */
final class RawClipTraining {
  private RawClipTraining() {}

  public static void main(String[] args) throws IOException {
    Path input = Path.of(args[0]);
    int height = Integer.parseInt(args[1]);
    int width = Integer.parseInt(args[2]);
    FrameTensorCodec codec = new FrameTensorCodec(height, width, 3);
    byte[] raw = Files.readAllBytes(input);
    List<byte[]> list = new ArrayList<>();
    for (int o = 0; o + codec.frameBytes() <= raw.length; o += codec.frameBytes()) {
      list.add(java.util.Arrays.copyOfRange(raw, o, o + codec.frameBytes()));
    }
    INDArray frames = codec.toBatch(list);
    int n = list.size();
    int epochs = Integer.getInteger("q.epochs", 30);
    int batch = Integer.getInteger("q.batch", 16);
    ModelSpec spec = new ModelSpec(height, width, 3, Integer.getInteger("q.filters", 16),
        Integer.getInteger("q.latent", 64), Double.parseDouble(System.getProperty("q.gamma", "2.5")),
        Double.parseDouble(System.getProperty("q.lr", "1e-3")), Long.getLong("q.seed", 42L))
        .withEquilibrium(Boolean.getBoolean("q.equilibrium"))
        .withPixelWeight(Double.parseDouble(System.getProperty("q.pixel", "0")))
        .withGanWeight(Double.parseDouble(System.getProperty("q.gan", "1")))
        .withSimilarityNormalisation(System.getProperty("q.norm", ModelSpec.PIXELS))
        .withDiscriminatorBatches(System.getProperty("q.dbatches", ModelSpec.JOINT))
        .withUpsampling(System.getProperty("q.up", ModelSpec.TRANSPOSED));
    if (System.getProperty("q.beta1") != null || System.getProperty("q.layers") != null) {
      spec = new ModelSpec(spec.height(), spec.width(), 3, spec.filters(), spec.latent(), spec.gamma(),
          spec.learningRate(), spec.seed(), spec.optimizer(), Double.parseDouble(System.getProperty("q.beta1", "0.5")),
          System.getProperty("q.layers", ModelSpec.ALL), spec.equilibrium(), spec.equilibriumTarget(),
          spec.equilibriumMargin(), spec.generatorLoss(), spec.pixelWeight(), spec.ganWeight(),
          spec.similarityNormalisation(), spec.discriminatorBatches(), spec.upsampling(), spec.centring());
    }
    // -Dq.centre=mean-frame: the networks see each frame minus the clip's mean frame (model.centring)
    spec = spec.withCentring(System.getProperty("q.centre", ModelSpec.NONE));
    VaeGan model = VaeGan.create(spec);
    if (ModelSpec.MEAN_FRAME.equals(spec.centring())) {
      model.setCentre(frames.mean(true, 0));
    }
    java.util.Random rng = new java.util.Random(Long.getLong("q.seed", 42L));
    long started = System.nanoTime();
    int steps = 0;
    for (int epoch = 0; epoch < epochs; epoch++) {
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        order.add(i);
      }
      java.util.Collections.shuffle(order, rng);
      StepLosses last = null;
      for (int s = 0; s + batch <= n; s += batch) {
        long[] pick = order.subList(s, s + batch).stream().mapToLong(Integer::longValue).toArray();
        last = model.trainStep(frames.get(NDArrayIndex.indices(pick)));
        steps++;
      }
      System.err.printf(Locale.ROOT, "epoch %d %s%n", epoch + 1, last);
    }
    double trainS = (System.nanoTime() - started) / 1e9;
    List<INDArray> parts = new ArrayList<>();
    for (long s = 0; s < n; s += 64) {
      parts.add(model.reconstruct(frames.get(NDArrayIndex.interval(s, Math.min(s + 64, n)))));
    }
    INDArray recon = Nd4j.concat(0, parts.toArray(new INDArray[0]));
    double mse = 0;
    double meanMse = 0;
    double[] mean = new double[codec.frameBytes()];
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] r = codec.toPixels(recon, i);
      out.add(r);
      byte[] o = list.get(i);
      for (int p = 0; p < r.length; p++) {
        int d = (r[p] & 0xff) - (o[p] & 0xff);
        mse += d * d;
        mean[p] += (o[p] & 0xff) / (double) n;
      }
    }
    for (byte[] o : list) {
      for (int p = 0; p < o.length; p++) {
        double d = (o[p] & 0xff) - mean[p];
        meanMse += d * d;
      }
    }
    long count = (long) n * codec.frameBytes();
    if (args.length > 3) {
      try (var w = Files.newOutputStream(Path.of(args[3]))) {
        for (byte[] r : out) {
          w.write(r);
        }
      }
    }
    System.out.printf(Locale.ROOT, "{\"frames\": %d, \"steps\": %d, \"train_s\": %.1f, \"psnr\": %.2f,"
        + " \"mean_frame_psnr\": %.2f, \"sharpness_ratio\": %.3f, \"spec\": \"%s\"}%n", n, steps, trainS,
        10 * Math.log10(255.0 * 255 / (mse / count)), 10 * Math.log10(255.0 * 255 / (meanMse / count)),
        laplacianEnergy(recon) / laplacianEnergy(frames), spec);
  }

  /** Mean squared 4-neighbour Laplacian per channel (valid pixels only), as the peer measures it. */
  static double laplacianEnergy(INDArray nchw) {
    long h = nchw.size(2);
    long w = nchw.size(3);
    INDArray c = nchw.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(1, h - 1),
        NDArrayIndex.interval(1, w - 1));
    INDArray lap = nchw.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, h - 2),
            NDArrayIndex.interval(1, w - 1)).dup()
        .addi(nchw.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(2, h),
            NDArrayIndex.interval(1, w - 1)))
        .addi(nchw.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(1, h - 1),
            NDArrayIndex.interval(0, w - 2)))
        .addi(nchw.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(1, h - 1),
            NDArrayIndex.interval(2, w)))
        .subi(c.mul(4));
    return lap.mul(lap).meanNumber().doubleValue();
  }
}
