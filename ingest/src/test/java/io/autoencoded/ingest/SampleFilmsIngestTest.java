package io.autoencoded.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.autoencoded.job.config.Settings;
import io.autoencoded.job.spark.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Footage nobody here made (../shared/samples, present on the development machines only: skipped elsewhere),
 * in many codecs and containers; frame counts are ffprobe -count_frames'.
 */
class SampleFilmsIngestTest {
  static final Path SAMPLES = Path.of("../../shared/samples");

  @TempDir
  static Path dir;
  static SparkSession spark;
  static Settings settings;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(Files.isDirectory(SAMPLES), "no ../shared/samples here");
    settings = IngestFileStoreTest.settings(dir.resolve("store").toUri().toString(), 48);
    spark = SparkSessions.open("local[2]", settings, "ingest samples test");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @ParameterizedTest
  @CsvSource({
      "vtest.avi, 795",
      "tree.avi, 68",
      "oa4_launch.webm, 194",
      "balle1-vp9.avi, 295",
      "Effet_force_magnetique.ogv, 34",
      "g1.avi, 16",
  })
  void sampleMatchesASequentialDecode(String name, int frames) throws Exception {
    Path film = SAMPLES.resolve(name);
    Assumptions.assumeTrue(Files.exists(film), name + " is absent");
    String id = name.substring(0, name.lastIndexOf('.')).replace('_', '-');
    StoredFilm stored = IngestFileStoreTest.ingestAndCheck(spark, settings, film.toString(), film, id);
    assertEquals(frames, stored.frames());
  }
}
