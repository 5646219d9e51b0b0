package io.autoencoded.reconstruct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.config.Settings;
import io.autoencoded.job.config.SettingsLoader;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.reconstruct.model.BatchReconstructor;
import io.autoencoded.reconstruct.model.BlockAverageModel;
import io.autoencoded.reconstruct.model.ExecutorModel;
import io.autoencoded.reconstruct.model.ModelLoader;
import io.autoencoded.reconstruct.model.SeededVaeGanLoader;
import io.autoencoded.reconstruct.plan.SegmentPlan;
import io.autoencoded.reconstruct.plan.SegmentPlanner;
import io.autoencoded.reconstruct.quality.FrameQuality;
import io.autoencoded.reconstruct.quality.MeanFrameSums;
import io.autoencoded.reconstruct.quality.QualitySummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * reconstruct --smooth K on a film with cuts: without it the job computes exactly what it always did; with it the
 * flicker falls, no cut is crossed, and where the film is cut into segments changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemporalSmoothingTest {
  static final int H = TestFilms.H;
  static final int W = TestFilms.W;
  static final int FRAMES = 60; // the first 60 frames of the test-source film: cuts at 30 and 55

  @TempDir static Path dir;
  SparkSession spark;
  StoreLayout layout;
  FileSystem fs;
  List<byte[]> cuts;

  @BeforeAll
  void start() throws Exception {
    Settings settings = settings(12, true);
    spark = SparkSessions.open("local[2]", settings, "smoothing-test");
    layout = new StoreLayout(settings.store().root());
    fs = layout.rootPath().getFileSystem(spark.sparkContext().hadoopConfiguration());
    cuts = TestFilms.withCuts().frames().subList(0, FRAMES);
    TestFilms.ingest(spark, layout, "cuts", cuts, 25, 1, 0, false);
    // the same film flickering: every other frame 12 levels brighter
    List<byte[]> flickering = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      flickering.add(brighter(cuts.get(i), i % 2 == 0 ? 0 : 12));
    }
    TestFilms.ingest(spark, layout, "flickering", flickering, 25, 1, 0, false);
    // three still shots: every frame of a shot the same picture
    List<byte[]> still = new ArrayList<>();
    for (int i = 0; i < 36; i++) {
      still.add(cuts.get(i < 10 ? 0 : i < 23 ? 31 : 56));
    }
    TestFilms.ingest(spark, layout, "still", still, 25, 1, 0, false);
    TestFilms.putCheckpoint(fs, layout, "blockavg", "epoch-0001", BlockAverageModel.checkpoint(H, W), true);
    TestFilms.putCheckpoint(fs, layout, "vaegan", "epoch-0001", SeededVaeGanLoader.checkpoint(H, W, 8, 16, 7), false);
  }

  @AfterAll
  void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  Settings settings(int framesPerSegment, boolean fillCores) {
    return SettingsLoader.load(List.of(), Map.of("store.root", dir.resolve("store").toUri().toString(),
        "frames.height", String.valueOf(H), "frames.width", String.valueOf(W), "reconstruct.frames-per-segment",
        String.valueOf(framesPerSegment), "reconstruct.fill-cores", String.valueOf(fillCores),
        "reconstruct.batch-size", "5", "reconstruct.worst-frames", "2", "reconstruct.bits-per-pixel", "1.0"));
  }

  static byte[] brighter(byte[] rgb, int by) {
    byte[] out = new byte[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      out[i] = (byte) Math.min(255, (rgb[i] & 0xff) + by);
    }
    return out;
  }

  private ReconstructResult reconstruct(String film, Settings settings, String model, ModelLoader loader,
      OptionalInt smooth) throws Exception {
    return ReconstructJob.run(spark, settings, film, ReconstructOptions.video(Optional.of(model),
            dir.resolve(film + ".mp4")).withLoader(loader).withAudio(false).withSmoothing(smooth)
        .withConsole(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
  }

  private TreeMap<Long, float[]> latents(String film) {
    TreeMap<Long, float[]> byFrame = new TreeMap<>();
    for (Row r : spark.read().parquet(layout.latentsOf(film).toString()).collectAsList()) {
      List<Float> l = r.getList(r.fieldIndex("latent"));
      float[] v = new float[l.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = l.get(i);
      }
      byFrame.put(r.getLong(r.fieldIndex("frame_index")), v);
    }
    return byFrame;
  }

  private List<String> report(String film, String file) throws Exception {
    return Files.readAllLines(Path.of(java.net.URI.create(layout.reconstructionsOf(film) + "/report/" + file)));
  }

  @Test
  void withoutTheOptionTheFramesAndLatentsAreExactlyWhatTheyWere() throws Exception {
    Settings settings = settings(12, true);
    ReconstructResult r = reconstruct("cuts", settings, "vaegan", new SeededVaeGanLoader(), OptionalInt.empty());
    assertEquals(0, r.smoothing());
    // what the job did before temporal smoothing and flicker: each segment's frames in batches of 5, encoded and
    // decoded together by the executor's model thread with the executor's cores
    List<SegmentPlan> plans = new SegmentPlanner(12, spark.sparkContext().defaultParallelism()).plan(FRAMES);
    assertEquals(5, plans.size());
    ModelLoader loader = new SeededVaeGanLoader();
    byte[] checkpoint = SeededVaeGanLoader.checkpoint(H, W, 8, 16, 7);
    MeanFrameSums sums = new MeanFrameSums(H * W * 3);
    cuts.forEach(sums::add);
    List<FrameQuality> quality = new ArrayList<>();
    Map<Long, float[]> expectedLatents = new HashMap<>();
    BatchReconstructor codec = new BatchReconstructor(new BlockAverageModel(H, W)); // its pixel codec only
    for (SegmentPlan plan : plans) {
      for (long from = plan.firstFrame(); from < plan.endFrame(); from += 5) {
        int n = (int) Math.min(5, plan.endFrame() - from);
        BatchReconstructor.Output out = ExecutorModel.run("reference", () -> loader.load(checkpoint), 2,
            cuts.subList((int) from, (int) from + n));
        for (int k = 0; k < n; k++) {
          expectedLatents.put(from + k, java.util.Arrays.copyOfRange(out.latents(), k * out.latent(),
              (k + 1) * out.latent()));
          quality.add(FrameQuality.measure(from + k, cuts.get((int) from + k), codec.pixelsOf(out, k),
              sums.mean(H, W, 3), H, W, 3));
        }
      }
    }
    ExecutorModel.release("reference");
    QualitySummary expected = QualitySummary.of(quality);
    assertEquals(expected.psnr(), r.quality().psnr(), 0, "PSNR from the same pixels");
    assertEquals(expected.meanSsim(), r.quality().meanSsim(), 0, "SSIM from the same pixels");
    assertEquals(expected.sharpnessRatio(), r.quality().sharpnessRatio(), 0);
    TreeMap<Long, float[]> written = latents("cuts");
    assertEquals(FRAMES, written.size());
    for (long t = 0; t < FRAMES; t++) {
      assertArrayEquals(expectedLatents.get(t), written.get(t), "latents of frame " + t);
    }
    // the flicker is measured on every pair inside a shot, across segment edges too: 59 pairs less the 2 cuts
    assertEquals(FRAMES - 3, r.flicker().pairs(), String.join("\n", report("cuts", "flicker.csv")));
    assertEquals(3, r.flicker().shots().size());
    assertTrue(r.json().contains("\"shots\":3,\"smoothing\":0}"), r.json());
  }

  @Test
  void whereTheFilmIsCutIntoSegmentsChangesNothing() throws Exception {
    for (int k : new int[] {0, 3}) {
      ReconstructResult one = reconstruct("cuts", settings(1000, false), "blockavg", BlockAverageModel.LOADER,
          OptionalInt.of(k));
      assertEquals(1, one.segments());
      TreeMap<Long, float[]> oneLatents = latents("cuts");
      List<String> onePairs = report("cuts", "flicker.csv");
      List<String> oneFrames = report("cuts", "quality.csv");
      ReconstructResult many = reconstruct("cuts", settings(7, true), "blockavg", BlockAverageModel.LOADER,
          OptionalInt.of(k));
      assertEquals(9, many.segments());
      assertEquals(one.quality(), many.quality(), "K = " + k);
      assertEquals(one.flicker(), many.flicker(), "K = " + k);
      assertEquals(onePairs, report("cuts", "flicker.csv"), "K = " + k);
      assertEquals(oneFrames, report("cuts", "quality.csv"), "K = " + k);
      TreeMap<Long, float[]> manyLatents = latents("cuts");
      for (long t = 0; t < FRAMES; t++) {
        assertArrayEquals(oneLatents.get(t), manyLatents.get(t), "K = " + k + ", frame " + t);
      }
    }
  }

  @Test
  void smoothingRemovesFlickerAndNeverCrossesACut() throws Exception {
    Settings settings = settings(12, true);
    ReconstructResult plain = reconstruct("flickering", settings, "blockavg", BlockAverageModel.LOADER,
        OptionalInt.empty());
    ReconstructResult smooth = reconstruct("flickering", settings, "blockavg", BlockAverageModel.LOADER,
        OptionalInt.of(2));
    System.out.printf(java.util.Locale.ROOT, "flickering film: warping error %.6f -> %.6f (original %.6f), "
            + "PSNR %.3f -> %.3f dB, SSIM %.4f -> %.4f%n", plain.flicker().reconstruction(),
        smooth.flicker().reconstruction(), plain.flicker().original(), plain.quality().psnr(),
        smooth.quality().psnr(), plain.quality().meanSsim(), smooth.quality().meanSsim());
    assertTrue(smooth.flicker().reconstruction() < 0.5 * plain.flicker().reconstruction(),
        plain.flicker().reconstruction() + " -> " + smooth.flicker().reconstruction());
    assertEquals(plain.flicker().original(), smooth.flicker().original(), 0, "the film itself is measured alike");
    assertTrue(smooth.json().contains("\"smoothing\":2}"), smooth.json());
    String html = String.join("\n", report("flickering", "report.html"));
    assertTrue(html.contains("Flicker and shots") && html.contains("Gaussian, K = 2 frames"), html);
    assertTrue(fs.exists(layout.shotsOf("flickering")));

    // still shots: within a shot every code is the same, so smoothing that stays inside its shot changes nothing
    ReconstructResult stillPlain = reconstruct("still", settings, "blockavg", BlockAverageModel.LOADER,
        OptionalInt.empty());
    ReconstructResult stillSmooth = reconstruct("still", settings, "blockavg", BlockAverageModel.LOADER,
        OptionalInt.of(5));
    assertEquals(3, stillSmooth.flicker().shots().size());
    assertEquals(stillPlain.quality(), stillSmooth.quality());
    assertEquals(report("still", "quality.csv").size(), 37);
  }
}
