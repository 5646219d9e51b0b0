package io.autoencoded.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.autoencoded.job.cli.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15 (7): a store that fills up or cannot be written, and a film that cannot be fetched, each end the ingest
 * with its own one line (exit 2) naming the cause, what the run needs and the fix, and publish nothing. Full disks
 * are real: a size-limited tmpfs (needs root to mount: skipped with the reason otherwise) and an HDFS directory with a
 * space quota (a real MiniDFSCluster: always runs). The whole command runs, through the launcher's CommandRunner.
 */
class StoreFullOrUnwritableTest {
  @TempDir
  Path dir;

  /** The bundled clip (190 frames) at the default 256x144 is 20.0 MB of raw pixels, about 15 MB as zstd Parquet. */
  private static final String CLIP = IngestFileStoreTest.BUNDLED.toAbsolutePath().normalize().toString();

  record Run(int status, List<String> lines) {
    String last() {
      return lines.get(lines.size() - 1);
    }
  }

  static Run ingest(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    PrintStream capture = new PrintStream(err, true, StandardCharsets.UTF_8);
    System.setErr(capture); // the job's own lines (the up-front estimate) go to System.err
    int status;
    try {
      List<String> all = new ArrayList<>(List.of("ingest", "--master", "local[2]"));
      all.addAll(Arrays.asList(args));
      status = new CommandRunner().register(new IngestCommand()).run(all.toArray(String[]::new), capture);
    } finally {
      System.setErr(old);
    }
    List<String> lines = err.toString(StandardCharsets.UTF_8).strip().lines()
        .filter(l -> !l.matches("^\\d\\d:\\d\\d:\\d\\d (WARN|INFO|ERROR) .*")).toList();
    System.out.println(String.join("\n", lines));
    return new Run(status, lines);
  }

  /** Everything under the store but its (empty) root: nothing published, no staging left behind. */
  static List<String> leftIn(Path store) throws Exception {
    if (!Files.exists(store)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(store)) {
      return s.filter(p -> !p.equals(store)).map(p -> store.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void aStoreThatFillsUpMidIngestSaysSoAndPublishesNothing() throws Exception {
    // 10 MB: more than the tenth of the raw size refused up front, less than the ~15 MB the Parquet files take
    SizedTmpfs.Result mounted = SizedTmpfs.mount(dir.resolve("small"), 10);
    assumeTrue(mounted.tmpfs().isPresent(), mounted.whyNot());
    try (SizedTmpfs tmpfs = mounted.tmpfs().get()) {
      Path store = tmpfs.dir().resolve("store");
      String uri = store.toUri().toString(); // before the run: once the directory exists, toUri() ends in '/'
      Run run = ingest("--film", CLIP, "--store", uri);
      assertEquals(CommandRunner.EXIT_USER_ERROR, run.status(), run.last());
      assertTrue(run.lines().stream().anyMatch(l -> l.matches("ingest cityCC0: will write up to 20\\.0 MB \\(190 "
          + "frames x 110,592 bytes of raw pixels, an upper bound: the zstd Parquet files take less\\) to the store; "
          + "\\d+\\.\\d MB free there\\.")), "the up-front line");
      assertTrue(run.last().matches("The store " + uri + " ran out of space while the ingest ran \\(No space left "
          + "on device, on a filesystem of 10\\.0 MB\\): the ingest needs up to 20\\.0 MB \\(190 frames x 110,592 "
          + "bytes of raw pixels, an upper bound: the zstd Parquet files take less\\); free space on that filesystem or pass "
          + "--store on a larger one, then run the same command again; nothing of it was published\\."), run.last());
      assertEquals(List.of(), leftIn(store), "nothing published, no staging left");
    }
  }

  @Test
  void aStoreFarTooSmallIsRefusedBeforeTheDecode() throws Exception {
    SizedTmpfs.Result mounted = SizedTmpfs.mount(dir.resolve("tiny"), 1);
    assumeTrue(mounted.tmpfs().isPresent(), mounted.whyNot());
    try (SizedTmpfs tmpfs = mounted.tmpfs().get()) {
      Path store = tmpfs.dir().resolve("store");
      String uri = store.toUri().toString(); // before the run: once the directory exists, toUri() ends in '/'
      Run run = ingest("--film", CLIP, "--store", uri);
      assertEquals(CommandRunner.EXIT_USER_ERROR, run.status(), run.last());
      assertTrue(run.last().matches("The store " + uri + " has \\d+\\.\\d [KM]B free but the ingest needs up to "
          + "20\\.0 MB \\(.*\\): free space on that filesystem or pass --store on a larger one; nothing was "
          + "written\\."), run.last());
      assertFalse(run.lines().stream().anyMatch(l -> l.contains("frames/s")), "refused before the decode");
      assertEquals(List.of(), leftIn(store));
    }
  }

  @Test
  void anHdfsStoreOverItsSpaceQuotaSaysSoAndPublishesNothing() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      cluster.waitActive();
      String store = "hdfs://localhost:" + cluster.getNameNodePort() + "/store";
      DistributedFileSystem fs = cluster.getFileSystem();
      org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path("/store");
      fs.mkdirs(root);
      // HDFS charges a whole block against the quota as each block starts: 1 MB blocks, 8 MB of quota
      fs.setQuota(root, Long.MAX_VALUE - 1, 8L << 20);
      Run run = ingest("--film", CLIP, "--store", store, "--set", "spark.conf.spark.hadoop.dfs.blocksize=1048576",
          "--set", "spark.conf.spark.hadoop.dfs.replication=1");
      assertEquals(CommandRunner.EXIT_USER_ERROR, run.status(), run.last());
      assertTrue(run.last().startsWith("The store " + store + " ran out of space while the ingest ran (its HDFS space "
          + "quota is exceeded"), run.last());
      assertTrue(run.last().endsWith("raise the quota (hdfs dfsadmin -setSpaceQuota / -setQuota) or pass --store on a "
          + "larger one, then run the same command again; nothing of it was published."), run.last());
      assertFalse(fs.exists(new org.apache.hadoop.fs.Path(root, "registry/cityCC0.json")));
      assertFalse(fs.exists(new org.apache.hadoop.fs.Path(root, "frames/film_id=cityCC0")));
    } finally {
      cluster.shutdown();
    }
  }

  @Test
  void aStoreThatCannotBeWrittenSaysSo() throws Exception {
    // /proc refuses every mkdir, for root too (a read-only directory would not stop root)
    Run run = ingest("--film", CLIP, "--store", "file:///proc/x");
    assertEquals(CommandRunner.EXIT_USER_ERROR, run.status(), run.last());
    assertTrue(run.last().matches("The store file:///proc/x cannot be written \\(cannot create a directory: "
        + "file:/proc/x/_staging/ingest-cityCC0-[0-9a-f-]+\\): pass a --store you can write to, or make it writable "
        + "\\(permissions, a read-only mount\\); nothing of it was published\\."), run.last());
  }

  @Test
  void aFilmWhoseServerRefusesTheConnectionSaysSo() throws Exception {
    Path store = dir.resolve("store");
    // port 9 (discard) on the loopback: nothing listens, the connection is refused at once
    Run run = ingest("--film", "http://127.0.0.1:9/x.mp4", "--store", store.toUri().toString());
    assertEquals(CommandRunner.EXIT_USER_ERROR, run.status(), run.last());
    assertEquals("Film http://127.0.0.1:9/x.mp4 cannot be read (connection refused): check the URI given to --film "
        + "and that its server or filesystem is up.", run.last());
    assertEquals(List.of(), leftIn(store).stream().filter(p -> !p.startsWith("_staging")).toList());
    FileSystem.closeAll();
  }
}
