package io.autoencoded.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
}
