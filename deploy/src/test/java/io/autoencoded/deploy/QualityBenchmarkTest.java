package io.autoencoded.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoencoded.job.scratch.ProcessScratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench quality} in-process on the bundled clip at a tiny size: the figures, the report, no store left. */
class QualityBenchmarkTest {
  static final Path CLIP = Path.of("../deploy/demo/cityCC0.mpg");
  static final List<String> TINY = List.of("--master", "local[2]", "--set", "frames.height=32",
      "--set", "frames.width=64", "--set", "model.filters=4", "--set", "model.latent=8",
      "--set", "train.batch-size=8", "--set", "train.workers=1");

  @TempDir Path dir;

  private static List<String> bench(String... args) {
    List<String> all = new ArrayList<>(List.of("bench", "quality"));
    all.addAll(List.of(args));
    all.addAll(TINY);
    return all;
  }

  /** The temporary stores of this process's bench runs still on disk. */
  private static List<Path> temporaryStores() throws Exception {
    try (Stream<Path> s = Files.list(ProcessScratch.directory())) {
      return s.filter(p -> p.getFileName().toString().startsWith("bench-quality-store-")).toList();
    }
  }

  @Test
  void ingestsTrainsEvaluatesAndPrintsTheFiguresAsTheLastLine() throws Exception {
    CommandLines.Outcome o = CommandLines.run(bench("--film", CLIP.toString(), "--epochs", "1"));
    assertEquals(0, o.status(), o.err());
    List<String> lines = o.out().strip().lines().toList();
    JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    for (String key : List.of("psnr", "ssim", "mean_frame_psnr", "mean_frame_ssim", "sharpness_ratio", "frames",
        "train_s", "epochs", "height", "width", "filters", "latent", "gamma", "gan_weight", "learning_rate",
        "batch_size", "workers", "report")) {
      assertTrue(json.has(key), key + " missing from " + json);
    }
    for (String key : List.of("psnr", "mean_frame_psnr", "sharpness_ratio", "train_s")) {
      double v = json.get(key).asDouble();
      assertTrue(json.get(key).isNumber() && Double.isFinite(v) && v > 0, key + " = " + json.get(key));
    }
    double meanFrameSsim = json.get("mean_frame_ssim").asDouble();
    assertTrue(meanFrameSsim > -1 && meanFrameSsim < 1, json.toString());
    assertEquals(190, json.get("frames").asLong());
    assertEquals(1, json.get("epochs").asInt());
    assertEquals(32, json.get("height").asInt());
    assertEquals(64, json.get("width").asInt());
    assertEquals(4, json.get("filters").asInt());
    assertEquals(8, json.get("latent").asInt());
    assertEquals(8, json.get("batch_size").asInt());
    assertEquals(1, json.get("workers").asInt());
    assertTrue(lines.stream().anyMatch(l -> l.contains("mean-frame baseline PSNR")), o.out());

    // the store was temporary: gone, and the report kept outside it
    assertEquals(List.of(), temporaryStores());
    Path report = Path.of(json.get("report").asText());
    try {
      assertTrue(Files.isRegularFile(report), report.toString());
      String html = Files.readString(report);
      assertTrue(html.contains("<th>mean frame</th>") && html.contains("sharpness ratio"), html);
    } finally {
      try (Stream<Path> walk = Files.walk(report.getParent())) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void userErrorsAreOneLineAndLeaveNoStore() throws Exception {
    CommandLines.Outcome missing = CommandLines.run(bench("--film", dir.resolve("nope.mpg").toString()));
    assertEquals(2, missing.status(), missing.err());
    assertTrue(missing.lastErrLine().contains("nope.mpg") && missing.lastErrLine().contains("--film"),
        missing.lastErrLine());
    assertEquals(List.of(), temporaryStores());

    CommandLines.Outcome badEpochs = CommandLines.run(bench("--film", CLIP.toString(), "--epochs", "0"));
    assertEquals(2, badEpochs.status());
    assertTrue(badEpochs.lastErrLine().startsWith("--epochs needs a whole number"), badEpochs.lastErrLine());

    CommandLines.Outcome noFilm = CommandLines.run(bench("--epochs", "1"));
    assertEquals(2, noFilm.status());
    assertEquals("'bench quality' needs --film: add it to the command line.", noFilm.lastErrLine());
  }
}
