package io.autoencoded.job.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.config.SettingsLoader;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.testing.HeadlessChromium;
import io.autoencoded.job.train.SyntheticFilm;
import io.autoencoded.job.train.TrainJob;
import io.autoencoded.job.train.TrainResult;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training report as a person sees it: a small real VAE-GAN run (32x64 frames, 4 filters, two epochs, the
 * second a resumed invocation) on a file: store, then the page opened from the store in headless Chromium. Every
 * image must load, every number taken from position.json must equal the checkpoint's, and a screenshot is kept
 * at target/run-report/report.png. Skips only where Chromium is not installed (.ci/run installs it).
 */
class RunReportBrowserTest {
  private static final Pattern IMG = Pattern.compile("<img\\b[^>]*>");
  private static final Pattern CELL = Pattern.compile(
      "<td data-field=\"([^\"]+)\" data-value=\"([^\"]+)\">([^<]*)</td>");
  /** Marks each image once the page has loaded: the report itself carries no script. */
  private static final String PROBE = "<script>window.addEventListener('load', () => { for (const i of "
      + "document.images) { i.setAttribute('data-loaded', String(i.complete && i.naturalWidth > 0)); } });</script>";

  @TempDir Path dir;

  @Test
  void theReportOfASmallRunLoadsWholeInABrowserAndAgreesWithTheCheckpoint() throws Exception {
    Optional<HeadlessChromium> found = HeadlessChromium.find();
    Assumptions.assumeTrue(found.isPresent(), "chromium is not installed (apt-get install chromium)");
    HeadlessChromium chromium = found.get();

    String root = dir.resolve("store").toUri().toString();
    Map<String, String> sets = new LinkedHashMap<>();
    sets.put("store.root", root);
    sets.put("frames.height", "32");
    sets.put("frames.width", "64");
    sets.put("model.filters", "4");
    sets.put("model.latent", "8");
    sets.put("train.workers", "2");
    sets.put("train.batch-size", "4");
    sets.put("train.averaging-frequency", "1");
    sets.put("train.learning-rate", "1e-3");
    sets.put("train.samples", "3");
    sets.put("train.checkpoint-every-rounds", "1");
    Settings settings = SettingsLoader.load(List.of(), sets);
    SparkSession spark = SparkSessions.open("local[2]", settings, "report-browser-test");
    TrainResult second;
    try {
      StoreLayout layout = new StoreLayout(root);
      SyntheticFilm.write(spark, layout, "clip", 24, 32, 64, 0);
      TrainJob.run(spark, settings, List.of(), OptionalInt.of(1), Optional.empty());
      second = TrainJob.run(spark, settings, List.of(), OptionalInt.of(2), Optional.empty());
    } finally {
      spark.stop();
    }
    StoreLayout layout = new StoreLayout(root);
    Path page = Path.of(layout.runReport(second.runId()).toUri());
    assertTrue(Files.exists(page), "the run's report is in the store");
    JsonNode position = new ObjectMapper().readTree(
        Path.of(new org.apache.hadoop.fs.Path(second.checkpointUri(), "position.json").toUri()).toFile());
    assertEquals(2, position.get("epochsDone").asInt());

    // the page as it lies in the store, plus the probe, in the same directory so that its links resolve alike
    Path probed = page.resolveSibling(".report-under-test.html");
    Files.writeString(probed, Files.readString(page).replace("</body>", PROBE + "</body>"));
    String dom = chromium.dumpDom(probed);
    Files.delete(probed);

    List<String> images = new ArrayList<>();
    Matcher img = IMG.matcher(dom);
    while (img.find()) {
      images.add(img.group());
    }
    // four charts and the sample grids of both epochs
    assertEquals(6, images.size(), dom);
    for (String tag : images) {
      assertTrue(tag.contains("data-loaded=\"true\""), "an image did not load: " + tag);
    }

    Set<String> fields = new TreeSet<>();
    Matcher cell = CELL.matcher(dom);
    while (cell.find()) {
      String field = cell.group(1);
      JsonNode expected = position;
      for (String part : field.split("\\.")) {
        expected = expected.get(part);
      }
      assertTrue(expected != null && expected.isNumber(), field + " is not a number in position.json");
      assertEquals(expected.asDouble(), Double.parseDouble(cell.group(2)), 0.0, field + ": data-value");
      double shown = Double.parseDouble(cell.group(3));
      assertEquals(expected.asDouble(), shown, Math.abs(expected.asDouble()) * 1e-3, field + ": shown as "
          + cell.group(3));
      fields.add(field);
    }
    assertTrue(fields.containsAll(List.of("epochsDone", "step", "framesSeen", "learningRate", "rollbacks",
        "lastLosses.prior", "lastLosses.llike", "lastLosses.gan", "lastLosses.pixelMse",
        "lastLosses.decoderSkipped", "lastLosses.discriminatorSkipped")), fields.toString());
    assertTrue(dom.contains("resumed from a checkpoint"), "the second invocation's resume is listed");
    assertTrue(Pattern.compile("filters\\s*[=:]\\s*4").matcher(dom).find(), "the config it ran with is on the page");

    Path screenshot = Path.of("target", "run-report", "report.png");
    chromium.screenshot(page, screenshot, 1100, 4200);
    BufferedImage shot = ImageIO.read(screenshot.toFile());
    assertEquals(1100, shot.getWidth());
  }
}
