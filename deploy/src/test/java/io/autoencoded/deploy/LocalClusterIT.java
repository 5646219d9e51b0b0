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
 * as a user would; then the latent space through the same cluster (walk, dream, and nearest over the latents the
 * reconstruction wrote to HDFS); then deploy/local-cluster/stop.
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

      // the latent space, on the same cluster and store: short videos and a small search keep this to a few submits
      Path walk = dir.resolve("walk.mp4");
      Launcher.Result walked = cluster.run(600, cluster.command(store, "walk", "--film-id", "city", "--frame", "0",
          "--to-frame", "189", "--seconds", "1", "--out", walk.toString()));
      assertEquals(0, walked.status(), walked.err());
      assertEquals(new VideoProbe(25, 25.0, 48, 32), VideoProbe.of(walk));
      Path dream = dir.resolve("dream.mp4");
      Launcher.Result dreamt = cluster.run(600, cluster.command(store, "dream", "--seconds", "1", "--seed", "5",
          "--out", dream.toString()));
      assertEquals(0, dreamt.status(), dreamt.err());
      assertEquals(new VideoProbe(25, 25.0, 48, 32), VideoProbe.of(dream), "at the rate of the film trained on");
      Path sheet = dir.resolve("nearest.png");
      Launcher.Result nearest = cluster.run(600, cluster.command(store, "nearest", "--film-id", "city", "--frame",
          "100", "--k", "3", "--sheet", sheet.toString()));
      assertEquals(0, nearest.status(), nearest.err());
      List<String> lines = nearest.out().strip().lines().toList();
      List<String> found = lines.subList(lines.size() - 3, lines.size());
      assertTrue(found.get(0).matches("\\{\"film\":\"city\",\"frame\":100,\"distance\":0(\\.0+)?}"),
          found.toString());
      assertTrue(found.stream().allMatch(l -> l.startsWith("{\"film\":\"city\",\"frame\":")), found.toString());
      assertTrue(Files.size(sheet) > 0, sheet.toString());

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
