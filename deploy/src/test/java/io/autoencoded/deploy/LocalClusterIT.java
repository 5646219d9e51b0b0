package io.autoencoded.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    Map<String, String> env = new HashMap<>();
    env.put("LOCAL_CLUSTER_DIR", dir.resolve("cluster").toString());
    env.put("SPARK_MASTER_PORT", Integer.toString(freePort()));
    env.put("HDFS_PORT", Integer.toString(freePort()));
    env.put("WORKER_MEMORY", "4g");
    Path logs = dir.resolve("logs");
    Launcher.Result started = Launcher.run(logs, env, 900,
        List.of(Launcher.ROOT.resolve("deploy/local-cluster/start").toString()));
    try {
      assertEquals(0, started.status(), started.err());
      String master = value(started.out(), "SPARK_MASTER");
      String store = value(started.out(), "STORE");
      assertTrue(master.startsWith("spark://127.0.0.1:"), master);
      assertTrue(store.startsWith("hdfs://127.0.0.1:"), store);

      Launcher.Result ingest = Launcher.run(logs, env, 600, cluster(master, store, "ingest", "--film",
          Launcher.ROOT.resolve("deploy/demo/cityCC0.mpg").toString(), "--film-id", "city"));
      assertEquals(0, ingest.status(), ingest.err());
      assertTrue(ingest.out().contains("190 frames"), ingest.out());

      Launcher.Result train = Launcher.run(logs, env, 900, cluster(master, store, "train", "--film-id", "city"));
      assertEquals(0, train.status(), train.err());

      Path out = dir.resolve("city.mp4");
      Launcher.Result reconstruct = Launcher.run(logs, env, 600, cluster(master, store, "reconstruct",
          "--film-id", "city", "--out", out.toString()));
      assertEquals(0, reconstruct.status(), reconstruct.err());
      VideoProbe video = VideoProbe.of(out);
      assertEquals(190, video.frames());
      assertEquals(25.0, video.fps(), 1e-6);
      assertEquals(48, video.width());
      assertEquals(32, video.height());

      Launcher.Result unknown = Launcher.run(logs, env, 600, cluster(master, store, "reconstruct",
          "--film-id", "nope", "--out", dir.resolve("nope.mp4").toString()));
      assertNotEquals(0, unknown.status());
      assertTrue(unknown.lastErrLine().contains("'nope' is not in the store"), unknown.lastErrLine());
    } finally {
      Launcher.run(logs, env, 120, List.of(Launcher.ROOT.resolve("deploy/local-cluster/stop").toString()));
    }
  }

  private static List<String> cluster(String master, String store, String... args) {
    List<String> all = new ArrayList<>(Launcher.autoencoded(args));
    all.addAll(List.of("--master", master, "--store", store));
    all.addAll(CommandLines.SMALL);
    return all;
  }

  private static String value(String out, String key) {
    return out.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
        .findFirst().orElseThrow(() -> new AssertionError("no " + key + " in:\n" + out));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
