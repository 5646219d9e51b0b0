package io.autoencoded.job.train;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The up-front estimate against the real duration: small runs of the real VAE-GAN (32x64 frames, 8 filters) on
 * Spark local[2] and an HDFS store, each timed from the end of the estimate to the last checkpoint. The estimate
 * must be within a factor of 2 of what the run then takes, and every round's line must carry the run's
 * percentage and ETA.
 */
class EstimateAccuracyTest {
  private static TrainStore store;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    store = new TrainStore();
    spark = store.spark();
  }

  @AfterAll
  static void stop() {
    if (store != null) {
      store.close();
    }
  }

  @ParameterizedTest(name = "{0} replica(s), batch {1}, averaging every {2}, {3} frames, {4} epochs")
  @CsvSource({"2, 8, 2, 128, 2", "1, 8, 4, 64, 3"})
  void theEstimateIsWithinAFactorOfTwoOfTheRealDuration(int workers, int batch, int averaging, int frames,
      int epochs) throws IOException {
    String root = store.newRoot();
    TrainStore.writeFilm(spark, root, "clip", frames, 32, 64, 0);
    Settings settings = TrainStore.settings(root, Map.of("frames.height", "32", "frames.width", "64",
        "model.filters", "8", "model.latent", "16", "train.workers", Integer.toString(workers),
        "train.batch-size", Integer.toString(batch), "train.averaging-frequency", Integer.toString(averaging),
        "train.learning-rate", "1e-3"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    TrainResult result = TrainJob.run(spark, settings, List.of(), OptionalInt.of(epochs), Optional.empty(),
        VaeGanReplica.Factory.INSTANCE, log);
    String text = bytes.toString(StandardCharsets.UTF_8);
    System.err.print(text);

    RunEstimate estimate = result.estimate();
    assertNotNull(estimate, "no estimate was made");
    double ratio = result.wallSeconds() / estimate.seconds();
    System.out.printf(Locale.ROOT, "ESTIMATE | %d replica(s), batch %d, averaging %d, %d frames, %d epochs | "
            + "probe %.2f s | estimate %.2f s | real %.2f s | real/estimate %.2f | %s%n", workers, batch, averaging,
        frames, epochs, estimate.probe().probeSeconds(), estimate.seconds(), result.wallSeconds(), ratio,
        estimate.probe());
    assertTrue(ratio >= 0.5 && ratio <= 2, "real " + result.wallSeconds() + " s vs estimate " + estimate.seconds()
        + " s: " + estimate.describe());

    int said = text.indexOf("estimate (from a ");
    assertTrue(said >= 0 && said < text.indexOf("epoch 1/" + epochs + " round 1/"),
        "the estimate comes first: " + text);
    for (String line : text.split("\n")) {
      if (line.matches("epoch \\d+/\\d+ round \\d+/\\d+: .*")) {
        assertTrue(line.matches("epoch \\d+/\\d+ round \\d+/\\d+: \\d+% of the run, ETA (\\d+ s|\\d+ min \\d+ s); .*"),
            line);
      }
    }
  }
}
