package io.autoencoded.deploy.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.deploy.CommandLines;
import io.autoencoded.deploy.VideoProbe;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.testing.MiniHdfs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real HDFS (MiniDFSCluster) stopped, namenode and datanode, in the middle of an ingest and of a reconstruct:
 * the command fails with one line naming the cause and the fix; once HDFS is started again on the same
 * directories nothing partial is visible, and the same command completes with the result an uninterrupted run
 * gives. The stop is made by a Spark plugin when a chosen task starts (see {@link StopHdfsAtTask}).
 */
class HdfsStopsMidJobTest {
  static final Path CLIP = Path.of("../deploy/demo/cityCC0.mpg").toAbsolutePath().normalize();
  /** Fail in seconds: Hadoop's IPC client would otherwise retry a refused connection for minutes. */
  static final List<String> SETTINGS = List.of(
      "--set", "spark.conf.spark.plugins=" + StopHdfsAtTask.class.getName(),
      "--set", "spark.conf.spark.hadoop.ipc.client.connect.max.retries=0",
      "--set", "spark.conf.spark.hadoop.ipc.client.connect.timeout=2000",
      "--set", "ingest.segment-frames=40", "--set", "reconstruct.frames-per-segment=50");
  static final String UNREACHABLE = "The store hdfs://127\\.0\\.0\\.1:\\d+/store became unreachable while the %s ran "
      + "\\(\\w+\\): nothing of it was published; check that HDFS is running, then run the same command again\\.";

  @TempDir Path dir;

  @Test
  void anIngestFailsWithOneLineAndAfterARestartTheRerunIsComplete() throws Exception {
    try (MiniHdfs hdfs = MiniHdfs.start()) {
      String store = hdfs.store("store");
      List<String> ingest = command("ingest", "--film", CLIP.toString(), "--film-id", "city", "--store", store);
      StopHdfsAtTask.arm(hdfs, 3); // two segments are decoded and written, the third finds HDFS gone
      long t0 = System.nanoTime();
      CommandLines.Outcome failed = CommandLines.run(ingest);
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertTrue(StopHdfsAtTask.stopped(), "HDFS was not stopped: the job ran fewer tasks than planned");
      System.out.printf("RELIABILITY | ingest: HDFS stopped at the third task | exit %d after %.1f s | %s%n",
          failed.status(), seconds, failed.lastErrLine());
      assertNotEquals(0, failed.status());
      assertTrue(failed.lastErrLine().matches(String.format(UNREACHABLE, "ingest")), failed.lastErrLine());

      hdfs.restart();
      StoreLayout layout = new StoreLayout(store);
      try (FileSystem fs = FileSystem.newInstance(URI.create(hdfs.uri()), hdfs.configuration())) {
        assertFalse(fs.exists(layout.registryEntry("city")), "the film was registered");
        assertFalse(fs.exists(layout.framesOf("city")), "frames are visible");
        assertFalse(fs.exists(layout.audioOf("city")), "audio is visible");
        System.out.println("RELIABILITY | ingest: after the restart, _staging holds "
            + list(fs, new org.apache.hadoop.fs.Path(store, "_staging")));

        CommandLines.Outcome rerun = CommandLines.run(ingest);
        assertEquals(0, rerun.status(), rerun.err());
        System.out.println("RELIABILITY | ingest: re-run after the restart | exit 0 | " + rerun.lastErrLine());
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path(store, "_staging")), "staging left behind");
      }
      String reference = hdfs.store("reference");
      CommandLines.Outcome clean = CommandLines.run(command("ingest", "--film", CLIP.toString(), "--film-id", "city",
          "--store", reference));
      assertEquals(0, clean.status(), clean.err());
      List<String> expected = rows(new StoreLayout(reference).framesOf("city").toString());
      assertEquals(190, expected.size());
      assertEquals(expected, rows(layout.framesOf("city").toString()), "the re-run's frames differ");
    }
  }

  @Test
  void aReconstructFailsWithOneLineAndAfterARestartTheRerunIsComplete() throws Exception {
    try (MiniHdfs hdfs = MiniHdfs.start()) {
      String store = hdfs.store("store");
      ok(command("ingest", "--film", CLIP.toString(), "--film-id", "city", "--store", store));
      ok(command("train", "--film-id", "city", "--store", store));
      Path out = dir.resolve("out").resolve("city.mp4");
      List<String> reconstruct = command("reconstruct", "--film-id", "city", "--out", out.toString(), "--store", store);
      // the mean-frame pass runs first (one task per core: 2), then the job's four segments: stop at the third
      StopHdfsAtTask.arm(hdfs, 5);
      long t0 = System.nanoTime();
      CommandLines.Outcome failed = CommandLines.run(reconstruct);
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertTrue(StopHdfsAtTask.stopped(), "HDFS was not stopped: the job ran fewer tasks than planned");
      System.out.printf("RELIABILITY | reconstruct: HDFS stopped at the third segment task | exit %d after %.1f s "
          + "| %s%n", failed.status(), seconds, failed.lastErrLine());
      assertNotEquals(0, failed.status());
      assertTrue(failed.lastErrLine().matches(String.format(UNREACHABLE, "reconstruct")), failed.lastErrLine());
      assertFalse(Files.exists(out), "a video at --out");
      assertEquals(List.of(), Files.list(out.getParent()).toList(), "something beside --out");

      hdfs.restart();
      StoreLayout layout = new StoreLayout(store);
      try (FileSystem fs = FileSystem.newInstance(URI.create(hdfs.uri()), hdfs.configuration())) {
        assertFalse(fs.exists(layout.reconstructionsOf("city")), "a reconstruction is visible");
        assertFalse(fs.exists(layout.latentsOf("city")), "latents are visible");
        CommandLines.Outcome rerun = CommandLines.run(reconstruct);
        assertEquals(0, rerun.status(), rerun.err());
        System.out.println("RELIABILITY | reconstruct: re-run after the restart | exit 0 | "
            + rerun.out().strip().lines().reduce((x, y) -> y).orElse(""));
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path(store, "_staging")), "staging left behind");
      }
      assertEquals(190, VideoProbe.of(out).frames());
      Path cleanOut = dir.resolve("clean").resolve("city.mp4");
      ok(command("reconstruct", "--film-id", "city", "--out", cleanOut.toString(), "--store", store));
      long differ = Files.mismatch(cleanOut, out);
      System.out.println("RELIABILITY | reconstruct: re-run's video vs an uninterrupted run's: "
          + (differ == -1 ? "byte-identical" : "first difference at byte " + differ));
      assertEquals(190, VideoProbe.of(cleanOut).frames());
      assertEquals(-1, differ, "the re-run's video differs from an uninterrupted run's");
    }
  }

  private static List<String> command(String... args) {
    List<String> all = new ArrayList<>(CommandLines.with(args));
    all.addAll(SETTINGS);
    return all;
  }

  private static void ok(List<String> args) {
    CommandLines.Outcome o = CommandLines.run(args);
    assertEquals(0, o.status(), o.err());
  }

  private static List<String> list(FileSystem fs, org.apache.hadoop.fs.Path p) throws Exception {
    return fs.exists(p) ? Arrays.stream(fs.listStatus(p)).map(s -> s.getPath().getName()).toList() : List.of();
  }

  /** (frame index, pts, SHA-256 of the pixels) per frame, in order. */
  private static List<String> rows(String framesDir) {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("read frames")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      return spark.read().parquet(framesDir)
          .select(functions.col("frame_index"), functions.col("pts_us"), functions.sha2(functions.col("pixels"), 256))
          .orderBy("frame_index").collectAsList().stream()
          .map((Row r) -> r.getLong(0) + " " + r.getLong(1) + " " + r.getString(2)).toList();
    } finally {
      spark.stop(); // the commands open their own sessions, with their own settings
    }
  }
}
