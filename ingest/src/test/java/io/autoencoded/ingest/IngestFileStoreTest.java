package io.autoencoded.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP9;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.config.Settings;
import io.autoencoded.job.config.SettingsLoader;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.StoreLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingests real films (the bundled clip and films made here) into a file: store and reads them back. */
class IngestFileStoreTest {
  static final Path BUNDLED = Path.of("../deploy/demo/cityCC0.mpg");

  @TempDir
  static Path dir;
  static SparkSession spark;
  static Settings settings;
  static StoreLayout layout;

  @BeforeAll
  static void start() {
    settings = settings(dir.resolve("store").toUri().toString(), 16);
    layout = new StoreLayout(settings.store().root());
    spark = SparkSessions.open("local[2]", settings, "ingest test");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  static Settings settings(String store, int segmentFrames) {
    return SettingsLoader.load(List.of(), Map.of("store.root", store, "frames.height", "64", "frames.width", "112",
        "ingest.segment-frames", String.valueOf(segmentFrames)));
  }

  /** Ingests, then checks the stored frames against an independent sequential decode of the same film. */
  static StoredFilm ingestAndCheck(Path film, String id) throws Exception {
    return ingestAndCheck(spark, settings, film.toString(), film, id);
  }

  /** Ingests {@code uri} (whose bytes are the local {@code film}) and checks what the store holds. */
  static StoredFilm ingestAndCheck(SparkSession spark, Settings settings, String uri, Path film, String id)
      throws Exception {
    StoreLayout layout = new StoreLayout(settings.store().root());
    IngestResult result = IngestJob.run(spark, settings, uri, id, false);
    FilmRecord record = new FilmRegistry(layout, spark.sparkContext().hadoopConfiguration()).require(id);
    FilmScan scan = FilmScanner.scan(film, film.toString());
    FitGeometry g = FitGeometry.of(scan.sourceWidth(), scan.sourceHeight(), scan.sarNum(), scan.sarDen(), 112, 64,
        settings.frames().fit());
    List<String> reference = ReferenceDecoder.frameDigests(film, g);
    StoredFilm stored = StoredFilm.read(spark, layout, id);
    assertEquals(reference.size(), result.frames(), "frames reported");
    assertEquals(reference.size(), record.frameCount(), "frames registered");
    stored.assertContiguous();
    stored.assertMatches(reference);
    assertEquals(64, stored.height());
    assertEquals(112, stored.width());
    return stored;
  }

  @Test
  void bundledClipMpeg2ProgramStream() throws Exception {
    StoredFilm stored = ingestAndCheck(BUNDLED, "city");
    assertEquals(190, stored.frames());
    FilmRecord r = new FilmRegistry(layout, spark.sparkContext().hadoopConfiguration()).require("city");
    assertEquals(25.0, r.frameRate(), 1e-9);
    assertEquals(720, r.sourceWidth());
    assertEquals(405, r.sourceHeight());
    assertEquals(Files.size(BUNDLED), r.sourceBytes());
    assertEquals(64, r.sha256().length());
    assertFalse(r.hasAudio());
    assertEquals(0, r.framesLost());
    assertEquals(40_000L * 190, r.durationUs());
  }

  @Test
  void mpeg4InAviWithBFrames() throws Exception {
    Path film = TestFilms.make(dir, "bframes.avi",
        new TestFilms.Spec("avi", AV_CODEC_ID_MPEG4, 160, 120, 25, 70, 12, 2, false));
    assertEquals(70, ingestAndCheck(film, "bframes-avi").frames());
  }

  @Test
  void mpeg4InMatroskaWithBFramesAt2997() throws Exception {
    Path film = TestFilms.make(dir, "ntsc.mkv",
        new TestFilms.Spec("matroska", AV_CODEC_ID_MPEG4, 176, 144, 30000 / 1001.0, 75, 10, 2, false));
    assertEquals(75, ingestAndCheck(film, "ntsc").frames());
    FilmRecord r = new FilmRegistry(layout, spark.sparkContext().hadoopConfiguration()).require("ntsc");
    assertEquals(30000.0 / 1001, r.frameRate(), 1e-6);
  }

  @Test
  void h264InMp4() throws Exception {
    Path film = TestFilms.make(dir, "h264.mp4",
        new TestFilms.Spec("mp4", AV_CODEC_ID_H264, 192, 108, 24, 80, 15, 0, false));
    assertEquals(80, ingestAndCheck(film, "h264").frames());
  }

  @Test
  void vp9InWebmAtAnOddRate() throws Exception {
    Path film = TestFilms.make(dir, "odd.webm",
        new TestFilms.Spec("webm", AV_CODEC_ID_VP9, 128, 96, 187.35, 60, 12, 0, false));
    assertEquals(60, ingestAndCheck(film, "odd").frames());
  }

  @Test
  void filmSmallerThanTheTrainingSize() throws Exception {
    Path film = TestFilms.make(dir, "tiny.avi",
        new TestFilms.Spec("avi", AV_CODEC_ID_MPEG4, 48, 32, 25, 30, 8, 0, false));
    assertEquals(30, ingestAndCheck(film, "tiny").frames());
  }

  @Test
  void aSegmentThatDisagreesWithThePlanFallsBackToASequentialDecode() throws Exception {
    // as if the container's packets promised one frame more in the second segment than it decodes to
    java.util.function.UnaryOperator<SegmentPlan> misleading = plan -> {
      List<Segment> segments = new java.util.ArrayList<>(plan.segments());
      Segment s = segments.get(1);
      segments.set(1, new Segment(s.index(), s.startPts(), s.endPts(), s.seekTs(), s.firstFrame(), s.frameCount() + 1,
          s.firstFramePts(), s.lastFramePts(), s.originPts()));
      return new SegmentPlan(segments, plan.frames() + 1, null);
    };
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    IngestResult result = IngestJob.run(spark, settings, BUNDLED.toString(), "fallback", false,
        new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8), misleading);
    assertFalse(result.parallel());
    assertTrue(log.toString(java.nio.charset.StandardCharsets.UTF_8).contains("decoding it sequentially instead"));
    FilmScan scan = FilmScanner.scan(BUNDLED, "clip");
    FitGeometry g = FitGeometry.of(scan.sourceWidth(), scan.sourceHeight(), scan.sarNum(), scan.sarDen(), 112, 64,
        settings.frames().fit());
    StoredFilm stored = StoredFilm.read(spark, layout, "fallback");
    stored.assertContiguous();
    stored.assertMatches(ReferenceDecoder.frameDigests(BUNDLED, g));
  }
}
