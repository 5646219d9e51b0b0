package io.autoencoded.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a real cluster on 127.0.0.1: deploy/local-cluster/start (Spark standalone master and
 * worker, HDFS), then ingest, train and reconstruct through spark-submit of the shaded jar against HDFS, exactly
 * as a user would, then deploy/local-cluster/stop.
 */
class LocalClusterIT {
  @TempDir Path dir;

  @Test
  void ingestTrainReconstructThroughSparkSubmitAgainstHdfs() throws Exception {
    LocalCluster cluster = LocalCluster.start(dir);
    try {
      String store = cluster.store();
      assertTrue(cluster.master().startsWith("spark://127.0.0.1:"), cluster.master());
      assertTrue(store.startsWith("hdfs://127.0.0.1:"), store);

      Launcher.Result ingest = cluster.run(600, cluster.command(store, "ingest", "--film",
          Launcher.ROOT.resolve("deploy/demo/cityCC0.mpg").toString(), "--film-id", "city"));
      assertEquals(0, ingest.status(), ingest.err());
      assertTrue(ingest.out().contains("190 frames"), ingest.out());

      Launcher.Result train = cluster.run(900, cluster.command(store, "train", "--film-id", "city"));
      assertEquals(0, train.status(), train.err());
      assertExecutorsLoadedTheDriversNativeBuild(train, cluster.work());

      Path out = dir.resolve("city.mp4");
      Launcher.Result reconstruct = cluster.run(600, cluster.command(store, "reconstruct",
          "--film-id", "city", "--out", out.toString()));
      assertEquals(0, reconstruct.status(), reconstruct.err());
      VideoProbe video = VideoProbe.of(out);
      assertEquals(190, video.frames());
      assertEquals(25.0, video.fps(), 1e-6);
      assertEquals(48, video.width());
      assertEquals(32, video.height());

      Launcher.Result unknown = cluster.run(600, cluster.command(store, "reconstruct",
          "--film-id", "nope", "--out", dir.resolve("nope.mp4").toString()));
      assertNotEquals(0, unknown.status());
      assertTrue(unknown.lastErrLine().contains("'nope' is not in the store"), unknown.lastErrLine());
    } finally {
      cluster.stop();
    }
  }

  /**
   * The driver and each executor choose ND4J's native build for their own CPU, before ND4J loads, and say so once
   * (here all run on one CPU, so they agree).
   */
  private static void assertExecutorsLoadedTheDriversNativeBuild(Launcher.Result train, Path work) throws Exception {
    Matcher driver = NATIVE_BUILD.matcher(train.err());
    assertTrue(driver.find(), train.err());
    Path trainApp;
    try (Stream<Path> apps = Files.list(work)) {
      trainApp = apps.filter(d -> d.getFileName().toString().startsWith("app-"))
          .max(Comparator.comparing(Path::toString)).orElseThrow(); // the latest: ingest ran before
    }
    List<Path> executorLogs;
    try (Stream<Path> files = Files.walk(trainApp)) {
      executorLogs = files.filter(f -> f.getFileName().toString().equals("stderr")).collect(Collectors.toList());
    }
    assertFalse(executorLogs.isEmpty(), "no executor logs under " + trainApp);
    for (Path log : executorLogs) {
      Matcher executor = NATIVE_BUILD.matcher(Files.readString(log));
      assertTrue(executor.find(), log.toString());
      assertEquals(driver.group(1), executor.group(1), log.toString());
      assertFalse(executor.find(), "said once per JVM: " + log);
    }
  }

  private static final Pattern NATIVE_BUILD = Pattern.compile("ND4J native build: (linux-x86_64-onednn\\S*) \\(");
}
