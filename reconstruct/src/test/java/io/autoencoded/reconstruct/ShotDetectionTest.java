package io.autoencoded.reconstruct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.config.Settings;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmShots;
import io.autoencoded.job.store.ShotTable;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.reconstruct.shots.CutDetector;
import io.autoencoded.reconstruct.shots.FrameChange;
import io.autoencoded.reconstruct.shots.FrameChangePass;
import io.autoencoded.reconstruct.shots.FrameThumbnail;
import io.autoencoded.reconstruct.shots.ShotDetection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hard cuts found in films with known cuts: a film cut together from FFmpeg's test sources (with a fast pan, a
 * flash and fades that are not cuts) and the bundled city clip (one cut, at frame 116); precision and recall printed
 * and asserted with margins; the Spark pass over a store measures what the frames say, and the table is kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShotDetectionTest {
  static final int H = TestFilms.H;
  static final int W = TestFilms.W;

  @TempDir static Path dir;
  SparkSession spark;
  StoreLayout layout;
  TestFilms.ShotFilm film;

  @BeforeAll
  void start() throws Exception {
    Settings settings = ReconstructJobTest.settings(dir.resolve("store").toUri().toString());
    spark = SparkSessions.open("local[2]", settings, "shots-test");
    layout = new StoreLayout(settings.store().root());
    film = TestFilms.withCuts();
  }

  @AfterAll
  void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** The changes of frames 1..n-1, computed here in one piece, as the pass must compute them in parts. */
  private static List<FrameChange> changes(List<byte[]> frames) {
    List<FrameThumbnail> t = frames.stream().map(f -> FrameThumbnail.of(f, H, W)).toList();
    List<FrameChange> changes = new ArrayList<>();
    for (int i = 1; i < t.size(); i++) {
      double change = t.get(i - 1).distance(t.get(i));
      double after = i + 1 < t.size() ? t.get(i - 1).distance(t.get(i + 1)) : change;
      double before = i >= 2 ? t.get(i - 2).distance(t.get(i)) : change;
      changes.add(new FrameChange(i, change, Math.min(after, before)));
    }
    return changes;
  }

  private static FilmRecord record(String id, long frames, String ingestedAt) {
    return new FilmRecord(id, "generated:" + id, "0".repeat(64), 0, frames, 25, 1, frames * 40_000, W, H, W, H,
        "rawvideo", false, 0, ingestedAt);
  }

  /** Precision and recall of {@code found} against {@code truth} (a cut counts on its exact frame), printed. */
  private static double[] precisionRecall(String what, long[] truth, long[] found) {
    long hits = Arrays.stream(found).filter(c -> Arrays.binarySearch(truth, c) >= 0).count();
    double precision = found.length == 0 ? 1 : hits / (double) found.length;
    double recall = truth.length == 0 ? 1 : hits / (double) truth.length;
    System.out.printf(Locale.ROOT, "%s: %d cuts, %d found, %d right: precision %.3f, recall %.3f; found %s%n", what,
        truth.length, found.length, hits, precision, recall, Arrays.toString(found));
    return new double[] {precision, recall};
  }

  @Test
  void findsTheCutsOfAFilmOfTestSources() {
    FilmShots shots = CutDetector.shotsOf(record("sources", film.frames().size(), "t"), changes(film.frames()));
    double[] pr = precisionRecall("test sources", film.cuts(), shots.cuts());
    // measured: 1.000 and 1.000; the margin allows one of the 20 cuts missed and one false cut
    assertTrue(pr[0] >= 0.95, "precision " + pr[0]);
    assertTrue(pr[1] >= 0.95, "recall " + pr[1]);
    assertEquals(film.frames().size(), shots.frameCount());
  }

  @Test
  void findsTheOneCutOfTheCityClip() throws Exception {
    List<byte[]> city = TestFilms.city(190);
    FilmShots shots = CutDetector.shotsOf(record("city", city.size(), "t"), changes(city));
    double[] pr = precisionRecall("city clip", new long[] {116}, shots.cuts());
    assertEquals(1.0, pr[0]);
    assertEquals(1.0, pr[1]);
  }

  @Test
  void theSparkPassMeasuresWhatTheFramesSayAndTheTableIsKeptUntilTheFilmChanges() throws Exception {
    FilmRecord ingested = TestFilms.ingest(spark, layout, "sources", film.frames(), 25, 1, 0, false);
    FileSystem fs = layout.rootPath().getFileSystem(spark.sparkContext().hadoopConfiguration());
    Map<String, String> hadoop = new HashMap<>();
    spark.sparkContext().hadoopConfiguration().forEach(e -> hadoop.put(e.getKey(), e.getValue()));
    List<String> files = FrameRangeReader.frameFiles(fs, layout.framesOf("sources")).stream()
        .map(org.apache.hadoop.fs.Path::toString).toList();
    // local[2]: two tasks, each with the frames around its edges
    List<FrameChange> byPass = FrameChangePass.run(JavaSparkContext.fromSparkContext(spark.sparkContext()), hadoop,
        files, ingested);
    assertEquals(changes(film.frames()), byPass);

    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream console = new PrintStream(log, true, StandardCharsets.UTF_8);
    FilmShots first = ShotDetection.shotsOf(spark, hadoop, files, ingested, layout, "test", console);
    assertArrayEquals(film.cuts(), first.cuts());
    assertEquals(first, new ShotTable(layout, spark.sparkContext().hadoopConfiguration()).find("sources")
        .orElseThrow());
    assertTrue(fs.exists(layout.shotsOf("sources")));
    FilmShots again = ShotDetection.shotsOf(spark, hadoop, files, ingested, layout, "test", console);
    assertEquals(first, again);
    String said = log.toString(StandardCharsets.UTF_8);
    assertTrue(said.contains("21 shots (20 hard cuts) found in"), said);
    assertTrue(said.contains("21 shots (from "), said);
    // ingested again (other frames, same id): the table no longer describes the film and is remade
    FilmRecord reingested = TestFilms.ingest(spark, layout, "sources", film.frames().subList(0, 100), 25, 1, 0,
        false);
    FilmShots remade = ShotDetection.shotsOf(spark, hadoop, files(fs), reingested, layout, "test", console);
    assertEquals(100, remade.frameCount());
    assertArrayEquals(Arrays.stream(film.cuts()).filter(c -> c < 100).toArray(), remade.cuts());
  }

  private List<String> files(FileSystem fs) throws Exception {
    return FrameRangeReader.frameFiles(fs, layout.framesOf("sources")).stream()
        .map(org.apache.hadoop.fs.Path::toString).toList();
  }
}
