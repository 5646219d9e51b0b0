package io.autoencoded.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_ADPCM_IMA_QT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.cli.CommandRunner;
import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.StoreLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotence, --replace, the soundtrack, and bad input (each a clear UserException, the store untouched). */
class IngestBehaviourTest {
  @TempDir
  static Path dir;
  static SparkSession spark;
  static Settings settings;
  static StoreLayout layout;
  static Path film;
  static Path otherFilm;

  @BeforeAll
  static void start() throws Exception {
    settings = IngestFileStoreTest.settings(dir.resolve("store").toUri().toString(), 16);
    layout = new StoreLayout(settings.store().root());
    spark = SparkSessions.open("local[2]", settings, "ingest test");
    film = TestFilms.make(dir, "a.mkv", new TestFilms.Spec("matroska", AV_CODEC_ID_MPEG4, 96, 64, 25, 40, 10, 2, true));
    otherFilm = TestFilms.make(dir, "b.avi", new TestFilms.Spec("avi", AV_CODEC_ID_MPEG4, 96, 64, 25, 20, 10, 0, false));
    IngestJob.run(spark, settings, film.toString(), "kept", false);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  static Map<String, String> snapshot() throws Exception {
    return StoreSnapshot.of(layout.root(), spark.sparkContext().hadoopConfiguration());
  }

  static FilmRecord record(String id) throws Exception {
    return new FilmRegistry(layout, spark.sparkContext().hadoopConfiguration()).require(id);
  }

  @Test
  void aSoundtrackMatroskaCannotHoldIsReencodedToAac() throws Exception {
    // QuickTime IMA ADPCM has no Matroska codec id: the packet copy fails, the AAC fallback keeps the sound
    Path qt = TestFilms.make(dir, "adpcm.mov", new TestFilms.Spec("mov", AV_CODEC_ID_MPEG4, 96, 64, 25, 30, 10, 0,
        true), AV_CODEC_ID_ADPCM_IMA_QT);
    assertFalse(AudioExtractor.copy(qt, "adpcm.mov", dir.resolve("copy.mka"), 0));
    IngestJob.run(spark, settings, qt.toString(), "adpcm", false);
    FilmRecord r = record("adpcm");
    assertTrue(r.hasAudio());
    assertEquals(30, r.frameCount());
    Path audio = Path.of(java.net.URI.create(layout.audioOf("adpcm").toString()));
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(audio.toFile())) {
      g.start();
      assertEquals(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC, g.getAudioCodec());
      assertEquals(1, g.getAudioChannels());
      assertEquals(22050, g.getSampleRate());
      long samples = 0;
      for (org.bytedeco.javacv.Frame f; (f = g.grabSamples()) != null; ) {
        samples += f.samples[0].limit();
      }
      g.stop();
      // 30 frames at 25 fps = 1.2 s = 26,460 samples; allow for AAC's frame granularity at both ends
      assertTrue(Math.abs(samples - 26_460) < 4_096, samples + " samples");
    }
  }

  @Test
  void soundtrackIsKeptBesideTheFrames() throws Exception {
    FilmRecord r = record("kept");
    assertTrue(r.hasAudio());
    assertEquals(0, r.framesLost());
    Path audio = Path.of(java.net.URI.create(layout.audioOf("kept").toString()));
    assertTrue(Files.size(audio) > 0);
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(audio.toFile())) {
      g.start();
      assertEquals(1, g.getAudioChannels());
      assertEquals(0, g.getImageWidth());
      long samples = 0;
      for (org.bytedeco.javacv.Frame f; (f = g.grabSamples()) != null; ) {
        samples += f.samples[0].limit();
      }
      // 40 frames at 25 fps = 1.6 s of sound, give or take the codec's padding
      assertEquals(1.6, samples / 22050.0, 0.15);
    }
  }

  @Test
  void sameFileAgainIsANoOp() throws Exception {
    Map<String, String> before = snapshot();
    IngestResult again = IngestJob.run(spark, settings, film.toString(), "kept", false);
    assertTrue(again.noOp());
    assertEquals(40, again.frames());
    assertEquals(before, snapshot());
  }

  @Test
  void differentFileUnderAnExistingIdIsRefusedUnlessReplace() throws Exception {
    IngestJob.run(spark, settings, film.toString(), "swap", false);
    Map<String, String> before = snapshot();
    UserException e = assertThrows(UserException.class,
        () -> IngestJob.run(spark, settings, otherFilm.toString(), "swap", false));
    assertTrue(e.getMessage().contains("--replace"), e.getMessage());
    assertEquals(before, snapshot());

    IngestResult replaced = IngestJob.run(spark, settings, otherFilm.toString(), "swap", true);
    assertFalse(replaced.noOp());
    assertEquals(20, StoredFilm.read(spark, layout, "swap").frames());
    FilmRecord r = record("swap");
    assertEquals(20, r.frameCount());
    assertFalse(r.hasAudio());
    assertFalse(Files.exists(Path.of(java.net.URI.create(layout.audioOf("swap").toString()))));
    assertEquals(40, record("kept").frameCount());
  }

  void assertRefused(Path bad, String expectedInMessage) throws Exception {
    Map<String, String> before = snapshot();
    UserException e = assertThrows(UserException.class,
        () -> IngestJob.run(spark, settings, bad.toString(), "bad", false));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    assertEquals(before, snapshot());
  }

  @Test
  void missingFile() throws Exception {
    assertRefused(dir.resolve("nothing-here.mp4"), "does not exist");
  }

  @Test
  void emptyFile() throws Exception {
    assertRefused(Files.createFile(dir.resolve("empty.mp4")), "is empty");
  }

  @Test
  void textNamedMp4() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.mp4"), "This is not a film.\nJust some text.\n".repeat(50),
        StandardCharsets.UTF_8);
    assertRefused(text, "notes.mp4");
  }

  @Test
  void randomBytesNamedMp4() throws Exception {
    byte[] noise = new byte[200_000];
    new Random(7).nextBytes(noise);
    assertRefused(Files.write(dir.resolve("noise.mp4"), noise), "noise.mp4");
  }

  @Test
  void fileWithoutVideo() throws Exception {
    Path sound = dir.resolve("sound.mka");
    try (org.bytedeco.javacv.FFmpegFrameRecorder r = new org.bytedeco.javacv.FFmpegFrameRecorder(sound.toFile(), 1)) {
      r.setFormat("matroska");
      r.setAudioCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC);
      r.setSampleRate(22050);
      r.start();
      r.recordSamples(22050, 1, java.nio.ShortBuffer.wrap(new short[22050]));
      r.stop();
    }
    assertRefused(sound, "no video stream");
  }

  @Test
  void corruptHeader() throws Exception {
    Path broken = Files.copy(film, dir.resolve("broken.mkv"));
    try (RandomAccessFile f = new RandomAccessFile(broken.toFile(), "rw")) {
      byte[] junk = new byte[4096];
      new Random(3).nextBytes(junk);
      f.write(junk);
    }
    assertRefused(broken, "broken.mkv");
  }

  @Test
  void truncatedFileKeepsItsDecodableFramesAndSaysHowManyWereLost() throws Exception {
    Path whole = TestFilms.make(dir, "long.avi",
        new TestFilms.Spec("avi", AV_CODEC_ID_MPEG4, 96, 64, 25, 60, 10, 0, false));
    Path cut = dir.resolve("cut.avi");
    byte[] bytes = Files.readAllBytes(whole);
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    IngestResult r = IngestJob.run(spark, settings, cut.toString(), "cut", false,
        new PrintStream(log, true, StandardCharsets.UTF_8));
    assertTrue(r.frames() > 0 && r.frames() < 60, "frames " + r.frames());
    assertEquals(60 - r.frames(), r.framesLost());
    assertEquals(r.framesLost(), record("cut").framesLost());
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("frames its container claims are lost"), log.toString());
    StoredFilm stored = StoredFilm.read(spark, layout, "cut");
    stored.assertContiguous();
    stored.assertMatches(ReferenceDecoder.frameDigests(cut, FitGeometry.of(96, 64, 1, 1, 112, 64,
        settings.frames().fit())).subList(0, (int) r.frames()));
  }

  @Test
  void commandReportsAMissingFilmAsOneLineAndExit2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = new CommandRunner().register(new IngestCommand()).run(new String[] {"ingest", "--film",
        dir.resolve("absent.mkv").toString(), "--store", layout.root()}, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(CommandRunner.EXIT_USER_ERROR, status);
    String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertTrue(lines[lines.length - 1].contains("does not exist"), lines[lines.length - 1]);
  }
}
