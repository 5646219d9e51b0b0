package io.autoencoded.reconstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.testing.MiniHdfs;
import io.autoencoded.job.tensor.FrameTensorCodec;
import io.autoencoded.reconstruct.latent.FilmFrame;
import io.autoencoded.reconstruct.latent.Neighbour;
import io.autoencoded.reconstruct.model.BlockAverageModel;
import io.autoencoded.reconstruct.quality.Psnr;
import io.autoencoded.reconstruct.video.DecodedVideo;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * walk, dream and nearest as jobs, on a MiniDFSCluster store with Spark local[2]: small frames (112x64) and the
 * block-average model, whose reconstructions of different frames differ, so that a walk's ends can be told apart.
 * The latents are written by hand, so that which frames are nearest is known exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatentSpaceJobTest {
  static final int H = TestFilms.H;
  static final int W = TestFilms.W;

  MiniHdfs hdfs;
  SparkSession spark;
  Settings settings;
  StoreLayout layout;
  FileSystem fs;
  List<byte[]> moving;
  List<byte[]> city;
  @TempDir Path tmp;

  @BeforeAll
  void start() throws Exception {
    hdfs = MiniHdfs.start();
    settings = ReconstructJobTest.settings(hdfs.store("store"));
    spark = SparkSessions.open("local[2]", settings, "latent-space-test");
    layout = new StoreLayout(settings.store().root());
    fs = layout.rootPath().getFileSystem(spark.sparkContext().hadoopConfiguration());
    moving = TestFilms.generated(30);
    city = TestFilms.city(20);
    TestFilms.ingest(spark, layout, "moving", moving, 24000, 1001, 0, false);
    TestFilms.ingest(spark, layout, "city", city, 25, 1, 0, false);
    TestFilms.ingest(spark, layout, "fresh", TestFilms.generated(6), 25, 1, 0, false);
    TestFilms.putCheckpoint(fs, layout, "blockavg", "epoch-0001", BlockAverageModel.checkpoint(H, W), true);
    // as training leaves it: the run's films beside the checkpoint (what dream takes its frame rate from)
    try (OutputStream o = fs.create(new org.apache.hadoop.fs.Path(layout.model("blockavg"),
        "epoch-0001/position.json"))) {
      o.write("{\"runId\":\"blockavg\",\"films\":[\"city\"]}".getBytes(StandardCharsets.UTF_8));
    }
    TestFilms.putCheckpoint(fs, layout, "elsewhere", "epoch-0001", BlockAverageModel.checkpoint(H, W), false);
    // moving#i = (i, 0, 0, 0), city#j = (j + 0.5, 0.5, 0, 0), in three files each (three partitions a film)
    writeLatents("moving", 30, i -> new float[] {i, 0, 0, 0});
    writeLatents("city", 20, j -> new float[] {j + 0.5f, 0.5f, 0, 0});
  }

  private void writeLatents(String film, int frames, java.util.function.IntFunction<float[]> code) throws Exception {
    for (int part = 0; part < 3; part++) {
      try (LatentsWriter w = new LatentsWriter(new org.apache.hadoop.fs.Path(layout.latentsOf(film),
          "part-seg-00000" + part + ".parquet"), spark.sparkContext().hadoopConfiguration())) {
        for (int i = part; i < frames; i += 3) {
          w.write(i, code.apply(i));
        }
      }
    }
  }

  @AfterAll
  void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (hdfs != null) {
      hdfs.close();
    }
  }

  private static PrintStream console(ByteArrayOutputStream log) {
    return new PrintStream(log, true, StandardCharsets.UTF_8);
  }

  private static byte[] reconstruction(byte[] frame) {
    BlockAverageModel model = new BlockAverageModel(H, W);
    FrameTensorCodec codec = new FrameTensorCodec(H, W, 3);
    return codec.toPixels(model.decode(model.encode(codec.toBatch(List.of(frame)))), 0);
  }

  private NearestJob.Result nearest(FilmFrame query, List<String> in, int k, ByteArrayOutputStream log)
      throws Exception {
    return NearestJob.run(spark, settings, query, in, k, tmp.resolve("sheet-" + query + "-" + in + ".png"),
        Optional.empty(), BlockAverageModel.LOADER, console(log));
  }

  @Test
  void nearestFindsTheQueryItselfFirstThenTheClosestFramesOfEveryFilm() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    NearestJob.Result r = nearest(new FilmFrame("moving", 10), List.of(), 5, log);
    assertEquals(List.of(new Neighbour("moving", 10, 0), new Neighbour("city", 9, 0.707107),
        new Neighbour("city", 10, 0.707107), new Neighbour("moving", 9, 1), new Neighbour("moving", 11, 1)),
        rounded(r.neighbours()));
    assertEquals(0.0, r.neighbours().get(0).distance());
    assertEquals(List.of("city", "moving"), r.films(), "every film with latents, the query's own included");
    String out = log.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("film 'fresh' has no latents yet"), out);
    assertTrue(out.contains("compared 50 latents"), out);

    BufferedImage sheet = ImageIO.read(r.sheet().toFile());
    // six columns (the query and five neighbours) of 224x128 cells (64-pixel frames scaled 2x), two rows
    assertEquals(120 + 6 * (224 + 6) + 6, sheet.getWidth());
    assertEquals(6 + 34 + 2 * (128 + 6), sheet.getHeight());
    // the query's original is drawn in its cell (scaled 2x: pixel (8, 8) of the frame lands at (16, 16) of the cell)
    byte[] q = moving.get(10);
    assertEquals(q[(8 * W + 8) * 3] & 0xff, (sheet.getRGB(120 + 16, 40 + 16) >> 16) & 0xff, 40, "red at (8, 8)");
  }

  private static List<Neighbour> rounded(List<Neighbour> ns) {
    return ns.stream().map(n -> new Neighbour(n.filmId(), n.frameIndex(), Math.round(n.distance() * 1e6) / 1e6))
        .toList();
  }

  @Test
  void nearestSearchesOnlyTheNamedFilms() throws Exception {
    NearestJob.Result r = nearest(new FilmFrame("moving", 10), List.of("city"), 3, new ByteArrayOutputStream());
    assertEquals(List.of(new Neighbour("city", 9, 0.707107), new Neighbour("city", 10, 0.707107),
        new Neighbour("city", 8, 1.581139)), rounded(r.neighbours()));
    NearestJob.Result both = nearest(new FilmFrame("city", 0), List.of("moving", "city"), 2,
        new ByteArrayOutputStream());
    assertEquals(List.of(new Neighbour("city", 0, 0), new Neighbour("moving", 0, 0.707107)),
        rounded(both.neighbours()));
  }

  @Test
  void nearestRefusesWhatItCannotSearch() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    assertTrue(assertThrows(UserException.class, () -> nearest(new FilmFrame("nope", 1), List.of(), 3, log))
        .getMessage().startsWith("Film 'nope' is not in the store"));
    assertEquals("Frame 30 is out of range: film 'moving' has 30 frames, numbered 0 to 29; pass a frame in that range.",
        assertThrows(UserException.class, () -> nearest(new FilmFrame("moving", 30), List.of(), 3, log)).getMessage());
    String none = assertThrows(UserException.class, () -> nearest(new FilmFrame("fresh", 1), List.of(), 3, log))
        .getMessage();
    assertTrue(none.startsWith("Film 'fresh' has no latents yet") && none.contains("autoencoded reconstruct --film-id "
        + "fresh"), none);
    assertTrue(assertThrows(UserException.class, () -> nearest(new FilmFrame("moving", 1), List.of("fresh"), 3, log))
        .getMessage().startsWith("Film 'fresh' has no latents yet"));
    assertTrue(assertThrows(UserException.class, () -> nearest(new FilmFrame("moving", 1), List.of("gone"), 3, log))
        .getMessage().startsWith("Film 'gone' is not in the store"));
    assertTrue(assertThrows(UserException.class, () -> nearest(new FilmFrame("moving", 1), List.of(), 0, log))
        .getMessage().startsWith("--k needs a whole number from 1 to 100"));
  }

  @Test
  void aWalkStartsAndEndsOnItsFramesReconstructionsAtTheFirstFilmsRateAndSize() throws Exception {
    Path out = tmp.resolve("walk.mp4");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    LatentVideo v = WalkJob.run(spark, settings, new FilmFrame("moving", 3), new FilmFrame("city", 15), 2.0, out,
        Optional.empty(), BlockAverageModel.LOADER, console(log));
    assertEquals(48, v.frames(), "2 s at 24000/1001 fps");
    DecodedVideo video = DecodedVideo.read(out);
    assertEquals(48, video.frames().size());
    assertEquals(24000.0 / 1001, video.frameRate(), 1e-3);
    assertEquals(W, video.width());
    assertEquals(H, video.height());
    byte[] start = reconstruction(moving.get(3));
    byte[] end = reconstruction(city.get(15));
    byte[] first = video.frames().get(0);
    byte[] last = video.frames().get(47);
    assertTrue(Psnr.of(first, start) > 30, "first frame vs the reconstruction of moving#3: " + Psnr.of(first, start));
    assertTrue(Psnr.of(last, end) > 30, "last frame vs the reconstruction of city#15: " + Psnr.of(last, end));
    assertEquals(0, DecodedVideo.closest(first, List.of(start, end)));
    assertEquals(1, DecodedVideo.closest(last, List.of(start, end)));
    // on the way it is neither end: a path, not a cut
    byte[] middle = video.frames().get(24);
    assertTrue(Psnr.of(middle, start) < Psnr.of(first, start) - 3 && Psnr.of(middle, end) < Psnr.of(last, end) - 3);
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("48/48 frames (100 %)"), log.toString());
    assertTrue(v.json().contains("\"frames\":48") && v.json().contains("\"frame_rate\":\"24000/1001\""), v.json());
  }

  @Test
  void aDreamIsAtTheTrainedFilmsRateAndTheSameSeedDreamsTheSameVideo() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Path a = tmp.resolve("a.mp4");
    Path b = tmp.resolve("b.mp4");
    Path c = tmp.resolve("c.mp4");
    LatentVideo dream = DreamJob.run(spark, settings, 1.5, 7, Optional.empty(), a, Optional.empty(),
        BlockAverageModel.LOADER, console(log));
    assertEquals(38, dream.frames(), "1.5 s at city's 25 fps");
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("the rate of 'city', the film the model was trained on"),
        log.toString());
    DreamJob.run(spark, settings, 1.5, 7, Optional.empty(), b, Optional.empty(), BlockAverageModel.LOADER,
        console(log));
    DecodedVideo va = DecodedVideo.read(a);
    DecodedVideo vb = DecodedVideo.read(b);
    assertEquals(38, va.frames().size());
    assertEquals(25.0, va.frameRate(), 1e-6);
    assertEquals(W, va.width());
    assertEquals(H, va.height());
    for (int i = 0; i < 38; i++) {
      assertTrue(Arrays.equals(va.frames().get(i), vb.frames().get(i)), "frame " + i + " of the same seed");
    }
    assertFalse(Arrays.equals(va.frames().get(0), va.frames().get(37)), "a dream moves");

    // a model from elsewhere (no run beside it): 24 fps; another seed, another dream
    LatentVideo other = DreamJob.run(spark, settings, 1.5, 8, Optional.empty(), c, Optional.of("elsewhere"),
        BlockAverageModel.LOADER, console(log));
    assertEquals(36, other.frames());
    DecodedVideo vc = DecodedVideo.read(c);
    assertEquals(24.0, vc.frameRate(), 1e-6);
    assertFalse(Arrays.equals(va.frames().get(0), vc.frames().get(0)));
  }

  @Test
  void aFailedVideoLeavesNothingAtOut() {
    Path out = tmp.resolve("never.mp4");
    assertThrows(UserException.class, () -> WalkJob.run(spark, settings, new FilmFrame("moving", 3),
        new FilmFrame("moving", 30), 1, out, Optional.empty(), BlockAverageModel.LOADER,
        console(new ByteArrayOutputStream())));
    assertFalse(Files.exists(out));
  }
}
