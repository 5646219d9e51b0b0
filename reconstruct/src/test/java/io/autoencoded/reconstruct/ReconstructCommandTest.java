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
  void settingsHaveDocumentedDefaults() {
    ReconstructSettings s = ReconstructSettings.from(io.autoencoded.job.config.SettingsLoader.defaults());
    assertEquals("h264", s.codec());
    assertTrue(s.batchSize() > 0 && s.framesPerSegment() > 0);
  }
}
