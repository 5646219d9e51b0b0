package io.autoencoded.reconstruct.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.VaeGan;
import io.autoencoded.job.train.ModelEngine;
import io.autoencoded.job.train.ModelState;
import io.autoencoded.job.train.VaeGanReplica;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * model.engine = torch reconstructs from the checkpoints training writes (either format) the frames the ND4J
 * engine reconstructs, through the reconstruct jobs' own batch path.
 */
class TorchCheckpointLoaderTest {
  private static final ModelSpec SPEC = new ModelSpec(32, 64, 3, 4, 8, 2.5, 1e-3, 5L, ModelSpec.ADAM, 0.9,
      ModelSpec.ALL, false, 0.68, 0.35, ModelSpec.NON_SATURATING, 0, 1e-4, ModelSpec.PIXELS, ModelSpec.SEPARATE,
      ModelSpec.RESIZE_CONV, ModelSpec.NONE);

  private static VaeGan trained() {
    VaeGan model = VaeGan.create(SPEC);
    Nd4j.getRandom().setSeed(3);
    for (int step = 0; step < 2; step++) {
      model.trainStep(Nd4j.rand(DataType.FLOAT, 3, 3, 32, 64).muli(2).subi(1));
    }
    return model;
  }

  private static List<byte[]> rgbFrames(int n) {
    java.util.Random random = new java.util.Random(9);
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] rgb = new byte[32 * 64 * 3];
      random.nextBytes(rgb);
      frames.add(rgb);
    }
    return frames;
  }

  private static void assertSameReconstruction(ModelLoader expected, ModelLoader actual, byte[] checkpoint)
      throws Exception {
    List<byte[]> frames = rgbFrames(4);
    BatchReconstructor.Output a;
    BatchReconstructor.Output b;
    try (BatchReconstructor nd4j = new BatchReconstructor(expected.load(expected.forExecutors(checkpoint)));
        BatchReconstructor torch = new BatchReconstructor(actual.load(actual.forExecutors(checkpoint)))) {
      a = nd4j.run(frames);
      b = torch.run(frames);
    }
    assertEquals(a.latent(), b.latent());
    double latentError = maxDifference(a.latents(), b.latents());
    double pixelError = maxDifference(a.pixels(), b.pixels());
    System.out.println("latents " + latentError + ", pixels " + pixelError);
    assertTrue(latentError < 1e-4, "latent means differ between the engines by " + latentError);
    assertTrue(pixelError < 1e-4, "reconstructed pixels differ between the engines by " + pixelError);
  }

  private static double maxDifference(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double worst = 0;
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(a[i]));
    }
    assertTrue(scale > 0, "all-zero output proves nothing");
    return worst;
  }

  @Test
  void reconstructsWhatNd4jReconstructsFromTheModelIndependentFormat() throws Exception {
    assertSameReconstruction(new VaeGanCheckpointLoader(), new TorchCheckpointLoader(),
        VaeGanCheckpointLoaderTest.checkpointOf(trained()));
  }

  @Test
  void reconstructsWhatNd4jReconstructsFromTheVaeGanFormat() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    VaeGanReplica.Factory.INSTANCE.writeCheckpoint(ModelState.of(new VaeGanReplica(trained())), 2, 1, "", bytes);
    assertSameReconstruction(new VaeGanCheckpointLoader(), new TorchCheckpointLoader(), bytes.toByteArray());
  }

  /** libtorch (DJL, no JavaCPP) after JavaCV's FFmpeg and ND4J (JavaCPP 1.5.7) in one JVM, and the reverse order. */
  @Test
  void sharesTheJvmWithFfmpegAndNd4j() throws Exception {
    int ffmpeg = org.bytedeco.ffmpeg.global.avutil.avutil_version();
    assertTrue(ffmpeg > 0, "FFmpeg's avutil did not load");
    assertSameReconstruction(new VaeGanCheckpointLoader(), new TorchCheckpointLoader(),
        VaeGanCheckpointLoaderTest.checkpointOf(trained()));
    assertTrue(org.bytedeco.ffmpeg.global.avcodec.avcodec_version() > 0, "FFmpeg's avcodec did not load after libtorch");
  }

  @Test
  void theEngineChoosesTheDefaultLoaderOnly() {
    ModelLoader standard = new VaeGanCheckpointLoader();
    assertInstanceOf(TorchCheckpointLoader.class, ModelLoader.ofEngine(standard, ModelEngine.TORCH));
    assertSame(standard, ModelLoader.ofEngine(standard, ModelEngine.ND4J));
    ModelLoader custom = bytes -> null;
    assertSame(custom, ModelLoader.ofEngine(custom, ModelEngine.TORCH));
  }
}
