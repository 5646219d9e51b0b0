package io.autoencoded.reconstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.cli.CommandRunner;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.VaeGan;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.reconstruct.model.VaeGanCheckpointLoaderTest;
import io.autoencoded.reconstruct.video.DecodedVideo;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * walk, dream and nearest as the launcher runs them, with a real (narrow, untrained) VAE-GAN checkpoint: what they
 * write and print, and every bad input refused with exit status 2 and one line naming the cause and the fix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatentCommandsTest {
  @TempDir static Path dir;
  String store;
  String[] common;

  /** Exit status, stdout lines and the last stderr line of one command. */
  record Run(int status, List<String> out, String lastErr) {}

  private Run run(String... args) {
    String[] all = Arrays.copyOf(args, args.length + common.length);
    System.arraycopy(common, 0, all, args.length, common.length);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    int status;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      status = new CommandRunner().register(new ReconstructCommand()).register(new WalkCommand())
          .register(new DreamCommand()).register(new NearestCommand())
          .run(all, new PrintStream(err, true, StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
    }
    List<String> errLines = err.toString(StandardCharsets.UTF_8).lines().toList();
    return new Run(status, out.toString(StandardCharsets.UTF_8).lines().toList(),
        errLines.isEmpty() ? "" : errLines.get(errLines.size() - 1));
  }

  @BeforeAll
  void store() throws Exception {
    store = dir.resolve("store").toUri().toString();
    common = new String[] {"--store", store, "--master", "local[2]", "--set", "frames.height=64", "--set",
        "frames.width=112", "--set", "reconstruct.frames-per-segment=8", "--set", "reconstruct.worst-frames=0"};
    Settings settings = ReconstructJobTest.settings(store);
    SparkSession spark = SparkSessions.open("local[2]", settings, "latent-commands-setup");
    try {
      StoreLayout layout = new StoreLayout(settings.store().root());
      TestFilms.ingest(spark, layout, "clip", TestFilms.generated(20), 25, 1, 0, false);
      TestFilms.ingest(spark, layout, "other", TestFilms.generated(12), 30, 1, 0, false);
      FileSystem fs = layout.rootPath().getFileSystem(spark.sparkContext().hadoopConfiguration());
      VaeGan model = VaeGan.create(new ModelSpec(64, 112, 3, 8, 16, 2.5, 2e-4, 5L));
      TestFilms.putCheckpoint(fs, layout, "run-1", "epoch-0001", VaeGanCheckpointLoaderTest.checkpointOf(model), true);
      try (OutputStream o = fs.create(new org.apache.hadoop.fs.Path(layout.model("run-1"),
          "epoch-0001/position.json"))) {
        o.write("{\"runId\":\"run-1\",\"films\":[\"clip\"]}".getBytes(StandardCharsets.UTF_8));
      }
    } finally {
      spark.stop();
    }
    // the latents of clip, as a user gets them: by reconstructing it
    Run r = run("reconstruct", "--film-id", "clip", "--out", dir.resolve("clip.mp4").toString());
    assertEquals(0, r.status(), r.lastErr());
  }

  @Test
  void walkWritesThePathAtTheFilmsRateAndSize() throws Exception {
    Path out = dir.resolve("walk.mp4");
    Run r = run("walk", "--film-id", "clip", "--frame", "2", "--to-frame", "17", "--seconds", "1", "--out",
        out.toString());
    assertEquals(0, r.status(), r.lastErr());
    assertTrue(r.out().stream().anyMatch(l -> l.contains("walk clip#2 -> clip#17: 25/25 frames (100 %)")),
        String.join("\n", r.out()));
    String json = r.out().get(r.out().size() - 1);
    assertTrue(json.startsWith("{\"out\":\"") && json.contains("\"frames\":25,\"fps\":25.0000,\"frame_rate\":\"25/1\","
        + "\"width\":112,\"height\":64"), json);
    DecodedVideo v = DecodedVideo.read(out);
    assertEquals(25, v.frames().size());
    assertEquals(25.0, v.frameRate(), 1e-6);
    assertEquals(112, v.width());
    assertEquals(64, v.height());

    Path across = dir.resolve("across.mp4");
    Run r2 = run("walk", "--film-id", "other", "--frame", "0", "--to-film", "clip", "--to-frame", "19", "--seconds",
        "0.5", "--out", across.toString());
    assertEquals(0, r2.status(), r2.lastErr());
    DecodedVideo v2 = DecodedVideo.read(across);
    assertEquals(15, v2.frames().size(), "0.5 s at the first film's 30 fps");
    assertEquals(30.0, v2.frameRate(), 1e-6);
  }

  @Test
  void dreamIsAtTheModelsFilmRateAndSizeAndSaysItsSeed() throws Exception {
    Path out = dir.resolve("dream.mp4");
    Run r = run("dream", "--seconds", "0.8", "--seed", "11", "--out", out.toString());
    assertEquals(0, r.status(), r.lastErr());
    assertTrue(r.out().stream().anyMatch(l -> l.startsWith("dream: seed 11 (--seed 11 dreams this again), 25/1 fps")),
        String.join("\n", r.out()));
    assertTrue(r.out().get(r.out().size() - 1).contains("\"seed\":11"), r.out().get(r.out().size() - 1));
    DecodedVideo v = DecodedVideo.read(out);
    assertEquals(20, v.frames().size());
    assertEquals(25.0, v.frameRate(), 1e-6);
    assertEquals(112, v.width());
    Path fps = dir.resolve("dream-fps.mp4");
    Run r2 = run("dream", "--seconds", "0.5", "--fps", "12", "--out", fps.toString());
    assertEquals(0, r2.status(), r2.lastErr());
    assertTrue(r2.out().stream().anyMatch(l -> l.matches("dream: seed [0-9]+ \\(--seed [0-9]+ dreams this again\\), "
        + "12/1 fps \\(--fps\\)")), String.join("\n", r2.out()));
    assertEquals(6, DecodedVideo.read(fps).frames().size());
  }

  @Test
  void nearestPrintsTheQueryFirstAtDistanceZeroAndDrawsTheSheet() throws Exception {
    Path sheet = dir.resolve("sheet.png");
    Run r = run("nearest", "--film-id", "clip", "--frame", "7", "--k", "3", "--sheet", sheet.toString());
    assertEquals(0, r.status(), r.lastErr());
    List<String> json = r.out().subList(r.out().size() - 3, r.out().size());
    assertTrue(json.get(0).matches("\\{\"film\":\"clip\",\"frame\":7,\"distance\":0(\\.0+)?}"), json.get(0));
    List<Double> distances = new ArrayList<>();
    for (String line : json) {
      assertTrue(line.matches("\\{\"film\":\"clip\",\"frame\":[0-9]+,\"distance\":[0-9.e+-]+}"), line);
      distances.add(Double.parseDouble(line.replaceAll(".*\"distance\":([^}]+)}", "$1")));
    }
    assertTrue(distances.get(0) <= distances.get(1) && distances.get(1) <= distances.get(2), distances.toString());
    assertTrue(r.out().stream().anyMatch(l -> l.contains("film 'other' has no latents yet")), "other: not searched");
    BufferedImage png = ImageIO.read(sheet.toFile());
    assertEquals(120 + 4 * (224 + 6) + 6, png.getWidth());
  }

  @Test
  void badInputIsOneLineNamingTheCauseAndTheFix() {
    String walkOut = dir.resolve("bad.mp4").toString();
    assertRefused(run("walk", "--film-id", "nope", "--frame", "1", "--to-frame", "2", "--seconds", "1", "--out",
        walkOut), "Film 'nope' is not in the store");
    assertRefused(run("walk", "--film-id", "clip", "--frame", "20", "--to-frame", "2", "--seconds", "1", "--out",
        walkOut), "Frame 20 is out of range: film 'clip' has 20 frames, numbered 0 to 19; pass a frame in that range.");
    assertRefused(run("walk", "--film-id", "clip", "--frame", "1", "--to-film", "other", "--to-frame", "12",
        "--seconds", "1", "--out", walkOut), "Frame 12 is out of range: film 'other' has 12 frames");
    assertRefused(run("walk", "--film-id", "clip", "--frame", "-1", "--to-frame", "2", "--seconds", "1", "--out",
        walkOut), "--frame needs a frame index, a whole number from 0");
    assertRefused(run("walk", "--film-id", "clip", "--frame", "1", "--seconds", "1", "--out", walkOut),
        "'walk' needs --to-frame: add it to the command line.");
    for (String bad : List.of("0", "-2", "soon", "100000")) {
      assertRefused(run("walk", "--film-id", "clip", "--frame", "1", "--to-frame", "2", "--seconds", bad, "--out",
          walkOut), "--seconds needs a number of seconds above 0 and at most 86400, got '" + bad + "'");
      assertRefused(run("dream", "--seconds", bad, "--out", walkOut), "--seconds needs a number of seconds");
    }
    assertRefused(run("walk", "--film-id", "clip", "--frame", "1", "--to-frame", "2", "--seconds", "0.02", "--out",
        walkOut), "--seconds 0.02 is 1 frame at 25.000 fps: the video needs at least 2 frames; write a longer time, "
        + "e.g. --seconds 0.1.");
    assertRefused(run("dream", "--seconds", "1", "--seed", "x", "--out", walkOut), "--seed needs a whole number");
    assertRefused(run("dream", "--seconds", "1", "--fps", "0", "--out", walkOut), "--fps needs a number above 0");
    assertFalse(Files.exists(Path.of(walkOut)));

    assertRefused(run("nearest", "--film-id", "nope", "--frame", "1"), "Film 'nope' is not in the store");
    assertRefused(run("nearest", "--film-id", "clip", "--frame", "25"), "Frame 25 is out of range");
    assertRefused(run("nearest", "--film-id", "other", "--frame", "1"), "Film 'other' has no latents yet (nothing in ");
    assertRefused(run("nearest", "--film-id", "clip", "--frame", "1", "--in", "other"),
        "Film 'other' has no latents yet");
    for (String bad : List.of("0", "101", "eight")) {
      assertRefused(run("nearest", "--film-id", "clip", "--frame", "1", "--k", bad),
          "--k needs a whole number from 1 to 100 (how many neighbours), got '" + bad + "': write e.g. --k 8.");
    }
    assertRefused(run("nearest", "--film-id", "clip", "--frame", "1", "--sheet", "n.jpg"),
        "--sheet n.jpg is not a .png file");
  }

  private static void assertRefused(Run r, String start) {
    assertEquals(2, r.status(), r.lastErr());
    assertTrue(r.lastErr().startsWith(start), "'" + r.lastErr() + "' should start with '" + start + "'");
    assertFalse(r.lastErr().startsWith("\tat ") || r.lastErr().contains("Exception"), r.lastErr());
  }
}
