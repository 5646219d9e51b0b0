package io.autoencoded.reconstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.cli.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as the launcher runs them: options, exit status, and the one-line error as the last line. */
class ReconstructCommandTest {
  private static List<String> run(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = new CommandRunner().register(new ReconstructCommand()).register(new EvaluateCommand())
        .run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    return List.of(String.valueOf(status), lines.isEmpty() ? "" : lines.get(lines.size() - 1));
  }

  @Test
  void reconstructNeedsAFilmAndAnOut() {
    assertEquals(List.of("2", "'reconstruct' needs --film-id: add it to the command line."),
        run("reconstruct", "--out", "x.mp4"));
    assertEquals(List.of("2", "'reconstruct' needs --out: add it to the command line."),
        run("reconstruct", "--film-id", "x"));
    assertEquals("2", run("reconstruct", "--film-id", "x", "--out", "x.mp4", "--frobnicate").get(0));
  }

  @Test
  void aBadSmoothingIsAOneLineErrorBeforeAnythingRuns() {
    for (String bad : List.of("-1", "two", "251")) {
      List<String> r = run("reconstruct", "--film-id", "x", "--out", "x.mp4", "--smooth", bad);
      assertEquals(List.of("2", "--smooth needs a whole number of frames from 0 to 250 (the smoothing half-window "
          + "K), got '" + bad + "': write e.g. --smooth 2, or --smooth 0 for none."), r);
      assertEquals(r, run("evaluate", "--film-id", "x", "--smooth", bad));
    }
    List<String> config = run("evaluate", "--film-id", "x", "--set", "reconstruct.smoothing=300");
    assertEquals("2", config.get(0));
    assertTrue(config.get(1).contains("reconstruct.smoothing") && config.get(1).contains("between 0 and 250"),
        config.get(1));
  }

  @Test
  void unknownFilmsAndBadSettingsAreOneLineErrors(@TempDir Path dir) {
    Path out = dir.resolve("film.mp4");
    List<String> r = run("reconstruct", "--film-id", "nope", "--out", out.toString(), "--store",
        dir.resolve("store").toUri().toString(), "--master", "local[1]", "--no-audio", "--side-by-side");
    assertEquals("2", r.get(0));
    assertTrue(r.get(1).startsWith("Film 'nope' is not in the store"), r.get(1));
    assertFalse(Files.exists(out));
    List<String> e = run("evaluate", "--film-id", "nope", "--store", dir.resolve("store").toUri().toString(),
        "--master", "local[1]");
    assertEquals("2", e.get(0));
    assertTrue(e.get(1).startsWith("Film 'nope' is not in the store"), e.get(1));
    List<String> bad = run("evaluate", "--film-id", "nope", "--set", "reconstruct.batch-size=0");
    assertEquals("2", bad.get(0));
    assertTrue(bad.get(1).contains("reconstruct.batch-size"), bad.get(1));
  }

  @Test
  void reconstructAndEvaluateATrainedCheckpointFromTheCommandLine(@TempDir Path dir) throws Exception {
    String store = dir.resolve("store").toUri().toString();
    io.autoencoded.job.config.Settings settings = ReconstructJobTest.settings(store);
    org.apache.spark.sql.SparkSession spark = io.autoencoded.job.spark.SparkSessions.open("local[2]", settings, "t");
    io.autoencoded.job.store.StoreLayout layout = new io.autoencoded.job.store.StoreLayout(settings.store().root());
    TestFilms.ingest(spark, layout, "clip", TestFilms.generated(20), 25, 1, 0, true);
    io.autoencoded.job.model.VaeGan model = io.autoencoded.job.model.VaeGan.create(
        new io.autoencoded.job.model.ModelSpec(64, 112, 3, 8, 16, 2.5, 2e-4, 5L));
    org.apache.hadoop.fs.FileSystem fs = layout.rootPath().getFileSystem(spark.sparkContext().hadoopConfiguration());
    TestFilms.putCheckpoint(fs, layout, "run-1", "epoch-0001",
        io.autoencoded.reconstruct.model.VaeGanCheckpointLoaderTest.checkpointOf(model), true);
    // the run's training report, as training leaves it (position.json beside the checkpoint)
    io.autoencoded.job.train.TrainPosition position = new io.autoencoded.job.train.TrainPosition("run-1",
        List.of("clip"), 1, 0, 2, 20, 2e-4, 0, null, List.of(), "2026-01-01T00:00:00Z");
    try (java.io.OutputStream o = fs.create(new org.apache.hadoop.fs.Path(layout.model("run-1"),
        "epoch-0001/position.json"))) {
      o.write(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(position));
    }
    new io.autoencoded.job.report.RunReport(fs, layout, System.err).publish(position, "train.epochs = 1", null);
    Path out = dir.resolve("clip.mp4");
    String[] common = {"--store", store, "--master", "local[2]", "--set", "frames.height=64", "--set",
        "frames.width=112", "--set", "reconstruct.frames-per-segment=8"};
    java.io.PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> r;
    List<String> e;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      r = run(concat(new String[] {"reconstruct", "--film-id", "clip", "--out", out.toString()}, common));
      e = run(concat(new String[] {"evaluate", "--film-id", "clip", "--model", "run-1"}, common));
    } finally {
      System.setOut(stdout);
    }
    assertEquals("0", r.get(0), r.get(1));
    assertEquals("0", e.get(0), e.get(1));
    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
    String json = lines.get(lines.size() - 1);
    assertTrue(json.startsWith("{\"film_id\":\"clip\",\"frames\":20,\"psnr\":"), json);
    assertTrue(json.contains("\"ssim\":") && json.contains("report.html"), json);
    assertTrue(json.matches(".*\"mean_frame_psnr\":[0-9.]+,\"mean_frame_ssim\":-?[0-9.]+,"
        + "\"sharpness_ratio\":[0-9.]+,.*"), json);
    assertTrue(lines.stream().anyMatch(l -> l.contains("quality over 20 frames")), String.join("\n", lines));
    assertTrue(json.matches(".*\"warping_error\":[0-9.]+,\"warping_error_original\":[0-9.]+,\"shots\":[0-9]+,"
        + "\"smoothing\":0}"), json);
    assertTrue(lines.stream().anyMatch(l -> l.contains("flicker (warping error, ")), String.join("\n", lines));
    // evaluate measured run-1's checkpoint: its training report now shows the figures and the two pages link
    Path storeRoot = Path.of(java.net.URI.create(store));
    String trainingPage = Files.readString(storeRoot.resolve("models/run-1/report.html"));
    String psnr = json.replaceAll(".*\"psnr\":([0-9.]+),.*", "$1");
    String shown = trainingPage.replaceAll("(?s).*data-field=\"evaluation\\.clip\\.psnr\" data-value=\"([^\"]+)\".*",
        "$1");
    assertEquals(Double.parseDouble(psnr), Double.parseDouble(shown), 1e-5, "PSNR on the training report");
    assertTrue(trainingPage.contains("href=\"../../reconstructions/clip/report/report.html\""), trainingPage);
    String qualityPage = Files.readString(storeRoot.resolve("reconstructions/clip/report/report.html"));
    assertTrue(qualityPage.contains("href=\"../../../models/run-1/report.html\""), qualityPage);
    String besideOut = Files.readString(dir.resolve("clip-report/report.html"));
    assertTrue(besideOut.contains("href=\"file:"), "beside --out, a local store's page by its address");
    io.autoencoded.reconstruct.video.DecodedVideo v = io.autoencoded.reconstruct.video.DecodedVideo.read(out);
    assertEquals(20, v.frames().size());
    assertEquals(25.0, v.frameRate(), 1e-6);
    assertEquals(1, v.audioChannels());

    // --no-evaluation: the same video, nothing measured, the reports as they were
    Path fast = dir.resolve("fast").resolve("clip.mp4");
    captured.reset();
    List<String> f;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      f = run(concat(new String[] {"reconstruct", "--film-id", "clip", "--out", fast.toString(), "--no-evaluation"},
          common));
    } finally {
      System.setOut(stdout);
    }
    assertEquals("0", f.get(0), f.get(1));
    lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
    json = lines.get(lines.size() - 1);
    assertTrue(json.startsWith("{\"film_id\":\"clip\",\"frames\":20,\"psnr\":null,") && json.contains("\"report\":null"),
        json);
    assertEquals(-1, Files.mismatch(out, fast), "--no-evaluation changed the video");
    assertFalse(Files.exists(fast.resolveSibling("clip-report")));
    assertEquals(trainingPage, Files.readString(storeRoot.resolve("models/run-1/report.html")));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void settingsHaveDocumentedDefaults() {
    ReconstructSettings s = ReconstructSettings.from(io.autoencoded.job.config.SettingsLoader.defaults());
    assertEquals("h264", s.codec());
    assertEquals(0, s.smoothing(), "no smoothing unless asked for");
    assertTrue(s.batchSize() > 0 && s.framesPerSegment() > 0);
  }
}
