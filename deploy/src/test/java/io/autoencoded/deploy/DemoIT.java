package io.autoencoded.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, run as a user runs it (through the launcher), with one epoch instead of the
 * preset's so that CI stays quick: every frame of the bundled clip comes out, in a video at its frame rate, with
 * the side-by-side and the quality report beside it.
 */
class DemoIT {
  @TempDir Path dir;

  @Test
  void demoWritesTheReconstructionTheSideBySideAndTheReport() throws Exception {
    Path out = dir.resolve("demo");
    Launcher.Result demo = Launcher.run(dir.resolve("logs"), Map.of(), 1200, Launcher.autoencoded("demo",
        "--epochs", "1", "--out-dir", out.toString(), "--store", dir.resolve("store").toUri().toString()));
    assertEquals(0, demo.status(), demo.err());
    assertTrue(demo.out().contains("[1/3] ingest") && demo.out().contains("[3/3] reconstruct"), demo.out());

    VideoProbe video = VideoProbe.of(out.resolve("cityCC0-autoencoded.mp4"));
    assertEquals(new VideoProbe(190, 25.0, 112, 64), video);
    VideoProbe pair = VideoProbe.of(out.resolve("cityCC0-side-by-side.mp4"));
    assertEquals(new VideoProbe(190, 25.0, 224, 64), pair);
    String report = demo.out().lines().filter(l -> l.startsWith("Quality report:")).findFirst().orElseThrow()
        .substring("Quality report:".length()).trim();
    assertTrue(Files.size(Path.of(report)) > 0, report);
    String json = demo.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(json.startsWith("{") && json.contains("\"frames\":190") && json.contains("\"psnr\":"), json);
  }
}
