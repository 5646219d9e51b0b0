package io.autoencoded.reconstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.config.SettingsLoader;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.tensor.FrameTensorCodec;
import io.autoencoded.job.testing.MiniHdfs;
import io.autoencoded.reconstruct.model.BlockAverageModel;
import io.autoencoded.reconstruct.model.FailingOnceLoader;
import io.autoencoded.reconstruct.model.ModelLoader;
import io.autoencoded.reconstruct.model.ReconstructionModel;
import io.autoencoded.reconstruct.model.SeededVaeGanLoader;
import io.autoencoded.reconstruct.quality.LaplacianEnergy;
import io.autoencoded.reconstruct.video.DecodedVideo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole reconstruct job on a MiniDFSCluster store (and a file: store) with Spark local[2] (3 attempts per
 * task), small frames and small models.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconstructJobTest {
  static final int H = TestFilms.H;
  static final int W = TestFilms.W;
  static final int MOVING_FRAMES = 45;
  static final int CITY_FRAMES = 30;

  MiniHdfs hdfs;
  SparkSession spark;
  Settings settings;
  StoreLayout layout;
  FileSystem fs;
  List<byte[]> moving;
  List<byte[]> city;
  @TempDir Path tmp;

  @BeforeAll
  void start() throws Exception {
    hdfs = MiniHdfs.start();
    settings = settings(hdfs.store("store"));
    spark = SparkSessions.open("local[2,3]", settings, "reconstruct-test");
    layout = new StoreLayout(settings.store().root());
    fs = layout.rootPath().getFileSystem(spark.sparkContext().hadoopConfiguration());
    moving = TestFilms.generated(MOVING_FRAMES);
    city = TestFilms.city(CITY_FRAMES);
    TestFilms.ingest(spark, layout, "moving", moving, 24000, 1001, 500_000, true);
    TestFilms.ingest(spark, layout, "city", city, 25, 1, 0, false);
    TestFilms.putCheckpoint(fs, layout, "blockavg", "epoch-0001", BlockAverageModel.checkpoint(H, W), true);
    TestFilms.putCheckpoint(fs, layout, "small", "epoch-0001", BlockAverageModel.checkpoint(32, 64), false);
    TestFilms.putCheckpoint(fs, layout, "corrupt", "epoch-0001", "not a model".getBytes(StandardCharsets.UTF_8),
        false);
    TestFilms.putCheckpoint(fs, layout, "vaegan", "epoch-0001", SeededVaeGanLoader.checkpoint(H, W, 8, 16, 7), false);
  }

  @AfterAll
  void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (hdfs != null) {
      hdfs.close();
    }
  }

  static Settings settings(String store) {
    return SettingsLoader.load(List.of(), Map.of("store.root", store, "frames.height", String.valueOf(H),
        "frames.width", String.valueOf(W), "reconstruct.frames-per-segment", "12", "reconstruct.batch-size", "5",
        "reconstruct.worst-frames", "3", "reconstruct.progress-interval-s", "1", "reconstruct.bits-per-pixel", "1.0"));
  }

  private ReconstructOptions options(Optional<String> model, Path out, ModelLoader loader, ByteArrayOutputStream log) {
    return ReconstructOptions.video(model, out).withLoader(loader)
        .withConsole(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  /** What the model makes of each stored frame, through the same pixel codec. */
  private static List<byte[]> reconstructions(List<byte[]> frames, ReconstructionModel model) {
    FrameTensorCodec codec = new FrameTensorCodec(H, W, 3);
    List<byte[]> out = new ArrayList<>();
    for (byte[] f : frames) {
      out.add(codec.toPixels(model.decode(model.encode(codec.toBatch(List.of(f)))), 0));
    }
    return out;
  }

  /** Each output frame is closer to its own index's reconstruction than to its neighbours' (±3). */
  private static void assertInOrder(List<byte[]> decoded, List<byte[]> expected) {
    assertEquals(expected.size(), decoded.size(), "frame count");
    for (int i = 0; i < decoded.size(); i++) {
      int lo = Math.max(0, i - 3);
      int hi = Math.min(expected.size(), i + 4);
      assertEquals(i - lo, DecodedVideo.closest(decoded.get(i), expected.subList(lo, hi)), "frame " + i + " in place");
    }
  }

  private List<Path> leftovers(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
    }
  }

  @Test
  void reconstructsEveryFrameOnceInOrderAtTheFilmsRateWithItsSound() throws Exception {
    Path out = tmp.resolve("moving.mp4");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ReconstructResult r = ReconstructJob.run(spark, settings, "moving",
        options(Optional.empty(), out, BlockAverageModel.LOADER, log));
    assertEquals(MOVING_FRAMES, r.frames());
    assertEquals(4, r.segments());
    assertTrue(r.audioKept());
    DecodedVideo v = DecodedVideo.read(out);
    assertEquals(MOVING_FRAMES, v.frames().size());
    assertEquals(24000.0 / 1001, v.frameRate(), 1e-3);
    assertEquals(W, v.width());
    assertEquals(H, v.height());
    assertEquals(MOVING_FRAMES * 1001e6 / 24000, v.lengthUs(), 1e5);
    assertEquals(1, v.audioChannels());
    assertInOrder(v.frames(), reconstructions(moving, new BlockAverageModel(H, W)));

    // latents: one row per frame, the model's mu
    Dataset<Row> latents = spark.read().parquet(layout.latentsOf("moving").toString());
    assertEquals(MOVING_FRAMES, latents.count());
    assertEquals(MOVING_FRAMES, latents.select("frame_index").distinct().count());
    Row first = latents.filter("frame_index = 0").first();
    assertEquals(3 * (H / 16) * (W / 16), first.getList(first.fieldIndex("latent")).size());

    // the store keeps the video and the report; the report sits beside --out too
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(layout.reconstructionsOf("moving"), ReconstructJob.VIDEO_NAME)));
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(layout.reconstructionsOf("moving"), "report/report.html")));
    assertTrue(Files.exists(tmp.resolve("moving-report/report.html")));
    assertTrue(Files.exists(tmp.resolve("moving-report/worst-frames.png")));
    assertTrue(leftovers(tmp).isEmpty(), "no temporary files beside --out: " + leftovers(tmp));
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(layout.root(), "_staging"))
        && fs.listStatus(new org.apache.hadoop.fs.Path(layout.root(), "_staging")).length > 0, "staging cleaned");
    String console = log.toString(StandardCharsets.UTF_8);
    assertTrue(console.contains("45/45 frames"), console);
    assertTrue(console.contains("SSIM"), console);
    assertTrue(r.json().contains("\"frames\":45"), r.json());
  }

  @Test
  void withoutEvaluationTheVideoIsTheSameAndNothingIsMeasured() throws Exception {
    Path measured = tmp.resolve("measured").resolve("moving.mp4");
    Files.createDirectories(measured.getParent());
    ReconstructJob.run(spark, settings, "moving", options(Optional.empty(), measured, BlockAverageModel.LOADER,
        new ByteArrayOutputStream()));
    Path out = tmp.resolve("unmeasured").resolve("moving.mp4");
    Files.createDirectories(out.getParent());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ReconstructResult r = ReconstructJob.run(spark, settings, "moving", options(Optional.empty(), out,
        BlockAverageModel.LOADER, log).withEvaluation(false));

    assertEquals(MOVING_FRAMES, r.frames());
    assertEquals(-1, Files.mismatch(measured, out), "the video differs from an evaluated run's");
    Dataset<Row> latents = spark.read().parquet(layout.latentsOf("moving").toString());
    assertEquals(MOVING_FRAMES, latents.select("frame_index").distinct().count());
    String console = log.toString(StandardCharsets.UTF_8);
    assertTrue(console.contains("not evaluated (--no-evaluation)"), console);
    assertFalse(console.contains("mean frame of"), "the mean-frame pass ran: " + console);
    assertFalse(console.contains("shot"), "the shots were looked for: " + console);
    assertTrue(r.report().isEmpty());
    assertFalse(Files.exists(tmp.resolve("unmeasured/moving-report")));
    assertTrue(r.json().contains("\"psnr\":null") && r.json().contains("\"report\":null")
        && r.json().contains("\"shots\":null"), r.json());
    assertThrows(IllegalArgumentException.class,
        () -> ReconstructOptions.evaluation(Optional.empty()).withEvaluation(false));
  }

  @Test
  void sideBySideIsTheOriginalBesideTheReconstruction() throws Exception {
    Path out = tmp.resolve("side.mp4");
    ReconstructJob.run(spark, settings, "moving", options(Optional.of("blockavg"), out, BlockAverageModel.LOADER,
        new ByteArrayOutputStream()).withSideBySide(true));
    DecodedVideo v = DecodedVideo.read(out);
    assertEquals(MOVING_FRAMES, v.frames().size());
    assertEquals(2 * W, v.width());
    assertEquals(H, v.height());
    List<byte[]> rec = reconstructions(moving, new BlockAverageModel(H, W));
    List<byte[]> expected = new ArrayList<>();
    for (int i = 0; i < MOVING_FRAMES; i++) {
      expected.add(io.autoencoded.reconstruct.video.SegmentVideoWriter.sideBySide(moving.get(i), rec.get(i), H, W));
    }
    assertInOrder(v.frames(), expected);
    // the left half is the original, the right half the reconstruction
    byte[] f = v.frames().get(10);
    byte[] left = new byte[H * W * 3];
    byte[] right = new byte[H * W * 3];
    for (int y = 0; y < H; y++) {
      System.arraycopy(f, y * 2 * W * 3, left, y * W * 3, W * 3);
      System.arraycopy(f, y * 2 * W * 3 + W * 3, right, y * W * 3, W * 3);
    }
    double leftToOriginal = io.autoencoded.reconstruct.quality.Psnr.meanSquaredError(left, moving.get(10));
    double rightToReconstruction = io.autoencoded.reconstruct.quality.Psnr.meanSquaredError(right, rec.get(10));
    double leftToReconstruction = io.autoencoded.reconstruct.quality.Psnr.meanSquaredError(left, rec.get(10));
    assertTrue(leftToOriginal < leftToReconstruction, leftToOriginal + " vs " + leftToReconstruction);
    assertTrue(rightToReconstruction < leftToReconstruction);
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(layout.reconstructionsOf("moving"),
        ReconstructJob.SIDE_BY_SIDE_NAME)));
  }

  @Test
  void theCityClipKeepsItsFrameCountAndRate() throws Exception {
    Path out = tmp.resolve("city.mp4");
    ReconstructJob.run(spark, settings, "city", options(Optional.of("blockavg"), out, BlockAverageModel.LOADER,
        new ByteArrayOutputStream()));
    DecodedVideo v = DecodedVideo.read(out);
    assertEquals(CITY_FRAMES, v.frames().size());
    assertEquals(25.0, v.frameRate(), 1e-6);
    assertEquals(CITY_FRAMES * 40_000, v.lengthUs(), 1000);
  }

  @Test
  void aRetriedTaskReplacesItsSegmentInsteadOfAddingFrames() throws Exception {
    Path out = tmp.resolve("retried.mp4");
    ReconstructResult r = ReconstructJob.run(spark, settings, "moving",
        options(Optional.empty(), out, new FailingOnceLoader(1), new ByteArrayOutputStream()).withAudio(false));
    assertEquals(MOVING_FRAMES, r.frames());
    DecodedVideo v = DecodedVideo.read(out);
    assertEquals(MOVING_FRAMES, v.frames().size());
    assertEquals(0, v.audioChannels());
    assertInOrder(v.frames(), reconstructions(moving, new BlockAverageModel(H, W)));
    Dataset<Row> latents = spark.read().parquet(layout.latentsOf("moving").toString());
    assertEquals(MOVING_FRAMES, latents.count());
    assertEquals(MOVING_FRAMES, latents.select("frame_index").distinct().count());
  }

  @Test
  void anyModelReconstructsAnyFilmOfItsSizeWithTheRealVaeGan() throws Exception {
    SeededVaeGanLoader loader = new SeededVaeGanLoader();
    for (String film : List.of("city", "moving")) {
      Path out = tmp.resolve("vaegan-" + film + ".mp4");
      ReconstructResult r = ReconstructJob.run(spark, settings, film,
          options(Optional.of("vaegan"), out, loader, new ByteArrayOutputStream()));
      int frames = film.equals("city") ? CITY_FRAMES : MOVING_FRAMES;
      assertEquals(frames, r.frames());
      DecodedVideo v = DecodedVideo.read(out);
      assertEquals(frames, v.frames().size());
      assertTrue(r.quality().meanSsim() < 1 && r.quality().psnr() > 0);
      Dataset<Row> latents = spark.read().parquet(layout.latentsOf(film).toString());
      Row row = latents.filter("frame_index = 3").first();
      assertEquals(16, row.getList(row.fieldIndex("latent")).size());
    }
  }

  @Test
  void evaluateMeasuresWithoutWritingAVideo() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ReconstructResult r = ReconstructJob.run(spark, settings, "city", ReconstructOptions.evaluation(Optional.empty())
        .withLoader(BlockAverageModel.LOADER).withConsole(new PrintStream(log, true, StandardCharsets.UTF_8)));
    assertEquals(CITY_FRAMES, r.frames());
    assertTrue(r.out().isEmpty());
    // the block-average picture of a frame: a known PSNR per frame, recomputed here independently of the job
    List<byte[]> rec = reconstructions(city, new BlockAverageModel(H, W));
    double mse = 0;
    for (int i = 0; i < CITY_FRAMES; i++) {
      mse += io.autoencoded.reconstruct.quality.Psnr.meanSquaredError(city.get(i), rec.get(i));
    }
    assertEquals(io.autoencoded.reconstruct.quality.Psnr.fromMse(mse / CITY_FRAMES), r.quality().psnr(), 1e-9);
    assertTrue(r.report().orElseThrow().endsWith("report/report.html"), r.report().toString());
    assertTrue(r.json().startsWith("{") && r.json().contains("\"psnr\":") && r.json().contains("\"ssim\":"));

    // the baseline: the film's mean frame (computed here directly, in one piece) against every frame
    double[] meanFrame = new double[H * W * 3];
    for (byte[] f : city) {
      for (int i = 0; i < meanFrame.length; i++) {
        meanFrame[i] += (f[i] & 0xff) / (double) CITY_FRAMES;
      }
    }
    double meanFrameSquares = 0;
    double originalEnergy = 0;
    double reconstructionEnergy = 0;
    for (int k = 0; k < CITY_FRAMES; k++) {
      for (int i = 0; i < meanFrame.length; i++) {
        double d = (city.get(k)[i] & 0xff) - meanFrame[i];
        meanFrameSquares += d * d;
      }
      originalEnergy += LaplacianEnergy.of(city.get(k), H, W, 3);
      reconstructionEnergy += LaplacianEnergy.of(rec.get(k), H, W, 3);
    }
    double meanFramePsnr = io.autoencoded.reconstruct.quality.Psnr.fromMse(
        meanFrameSquares / ((double) CITY_FRAMES * meanFrame.length));
    assertEquals(meanFramePsnr, r.quality().meanFramePsnr(), 1e-9);
    assertEquals(reconstructionEnergy / originalEnergy, r.quality().sharpnessRatio(), 1e-9);
    assertTrue(r.quality().sharpnessRatio() < 1, "16x16 block averages are blurred: " + r.quality().sharpnessRatio());
    assertTrue(r.quality().meanFrameSsim() > 0 && r.quality().meanFrameSsim() < 1, r.json());
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("evaluate city: mean frame of 30 frames"), log.toString());
    assertEquals(meanFramePsnr, jsonNumber(r.json(), "mean_frame_psnr"), 1e-5);
    assertEquals(r.quality().meanFrameSsim(), jsonNumber(r.json(), "mean_frame_ssim"), 1e-5);
    assertEquals(r.quality().sharpnessRatio(), jsonNumber(r.json(), "sharpness_ratio"), 1e-5);
    assertEquals(r.quality().psnr(), jsonNumber(r.json(), "psnr"), 1e-5);
  }

  private static double jsonNumber(String json, String key) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\":(-?[0-9.]+)[,}]").matcher(json);
    assertTrue(m.find(), key + " is not a number in " + json);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void aFileStoreWorksToo(@TempDir Path dir) throws Exception {
    Settings local = settings(dir.resolve("store").toUri().toString());
    StoreLayout localLayout = new StoreLayout(local.store().root());
    FileSystem localFs = localLayout.rootPath().getFileSystem(spark.sparkContext().hadoopConfiguration());
    TestFilms.ingest(spark, localLayout, "short", moving.subList(0, 7), 30000, 1001, 0, false);
    TestFilms.putCheckpoint(localFs, localLayout, "run", "epoch-0002", BlockAverageModel.checkpoint(H, W), true);
    Path out = dir.resolve("short.mp4");
    ReconstructJob.run(spark, local, "short", options(Optional.empty(), out, BlockAverageModel.LOADER,
        new ByteArrayOutputStream()));
    DecodedVideo v = DecodedVideo.read(out);
    assertEquals(7, v.frames().size());
    assertEquals(30000.0 / 1001, v.frameRate(), 1e-3);
  }

  private void assertUserError(String film, Optional<String> model, Path out, ModelLoader loader, String expected)
      throws Exception {
    UserException e = assertThrows(UserException.class, () -> ReconstructJob.run(spark, settings, film,
        options(model, out, loader, new ByteArrayOutputStream())));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertFalse(Files.exists(out), "nothing at --out");
    if (Files.isDirectory(out.getParent())) {
      assertTrue(leftovers(out.getParent()).isEmpty(), "no temporary files: " + leftovers(out.getParent()));
    }
  }

  @Test
  void badInputsFailWithOneLineAndLeaveNothingAtOut() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("bad"));
    Path out = dir.resolve("out.mp4");
    assertUserError("no-such-film", Optional.empty(), out, BlockAverageModel.LOADER, "is not in the store");
    assertUserError("moving", Optional.of(hdfs.store("nowhere/model.bin")), out, BlockAverageModel.LOADER,
        "does not exist");
    assertUserError("moving", Optional.of("corrupt"), out, BlockAverageModel.LOADER, "cannot be read");
    assertUserError("moving", Optional.of("small"), out, BlockAverageModel.LOADER, "was trained at 64x32");
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertUserError("moving", Optional.empty(), file.resolve("sub/out.mp4"), BlockAverageModel.LOADER,
        "cannot be written");
    // a failure inside the job (every attempt of one task dies) leaves nothing at --out either
    // (the driver's check loads it first; the executors' copies of the loader see that load in their count)
    java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
    ModelLoader broken = bytes -> {
      ReconstructionModel m = BlockAverageModel.LOADER.load(bytes);
      if (loads.incrementAndGet() > 1) {
        throw new UserException("The test model refuses to run on executors: nothing to fix.");
      }
      return m;
    };
    assertUserError("moving", Optional.empty(), out, broken, "refuses to run");
  }

  @Test
  void aStoreWithoutATrainedModelSaysSo(@TempDir Path dir) throws Exception {
    Settings empty = settings(dir.resolve("store").toUri().toString());
    TestFilms.ingest(spark, new StoreLayout(empty.store().root()), "one", moving.subList(0, 3), 25, 1, 0, false);
    Path out = dir.resolve("one.mp4");
    UserException e = assertThrows(UserException.class, () -> ReconstructJob.run(spark, empty, "one",
        options(Optional.empty(), out, BlockAverageModel.LOADER, new ByteArrayOutputStream())));
    assertTrue(e.getMessage().contains("no trained model"), e.getMessage());
    assertFalse(Files.exists(out));
  }
}
