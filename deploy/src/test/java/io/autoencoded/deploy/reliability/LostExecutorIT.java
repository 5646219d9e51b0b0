package io.autoencoded.deploy.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.deploy.Launcher;
import io.autoencoded.deploy.LocalCluster;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.train.CheckpointStore;
import io.autoencoded.job.train.StoredCheckpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An executor process killed (SIGKILL) mid-training on a real standalone cluster: the worker starts a new one,
 * Spark retries the lost tasks and recomputes the lost shuffle files, and the trained model equals that of a run
 * without the fault — no replica counted twice, nothing corrupted.
 */
class LostExecutorIT {
  @TempDir Path dir;

  @Test
  void anExecutorKilledMidTrainingLeavesTheModelOfAnUninterruptedRun() throws Exception {
    LocalCluster cluster = LocalCluster.start(dir);
    try {
      String film = Launcher.ROOT.resolve("deploy/demo/cityCC0.mpg").toString();
      String[] ingest = {"ingest", "--film", film, "--film-id", "city"};
      String[] train = {"train", "--film-id", "city"};

      String storeA = cluster.store() + "-uninterrupted";
      assertEquals(0, cluster.run(600, cluster.command(storeA, ingest)).status());
      Launcher.Result a = cluster.run(900, twoEpochs(cluster.command(storeA, train)));
      assertEquals(0, a.status(), a.err());

      String storeB = cluster.store() + "-killed";
      assertEquals(0, cluster.run(600, cluster.command(storeB, ingest)).status());
      Path out = cluster.logs().resolve("killed.out");
      Path err = cluster.logs().resolve("killed.err");
      ProcessBuilder pb = new ProcessBuilder(twoEpochs(cluster.command(storeB, train)))
          .directory(Launcher.ROOT.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(cluster.env());
      Process b = pb.start();
      long killed = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
      while (killed == 0 && b.isAlive() && System.nanoTime() < deadline) {
        if (Files.readString(err, StandardCharsets.UTF_8).contains("round 2/")) {
          for (ProcessHandle executor : executors(cluster.work())) {
            executor.destroyForcibly(); // SIGKILL
            killed++;
          }
        }
        Thread.sleep(100);
      }
      assertTrue(b.waitFor(600, TimeUnit.SECONDS), "the killed run did not finish; see " + err);
      String log = Files.readString(err, StandardCharsets.UTF_8);
      System.out.println("killed " + killed + " executor(s) after round 2; the run's log:\n" + log);
      assertTrue(killed > 0, "no executor was running in round 2; see " + err);
      assertEquals(0, b.exitValue(), log);
      assertTrue(log.contains("Lost executor"), "Spark did not notice the kill:\n" + log);
      assertFalse(log.contains("diverged"), log);

      StoredCheckpoint uninterrupted = latest(storeA);
      StoredCheckpoint recovered = latest(storeB);
      assertEquals(uninterrupted.state().iteration(), recovered.state().iteration(), "a replica counted twice");
      assertEquals(uninterrupted.position().step(), recovered.position().step());
      assertEquals(uninterrupted.position().epochsDone(), recovered.position().epochsDone());
      assertEquals(uninterrupted.position().framesSeen(), recovered.position().framesSeen());
      assertArrayEquals(uninterrupted.state().parameters(), recovered.state().parameters(), 1e-6f);
      assertArrayEquals(uninterrupted.state().updaterState(), recovered.state().updaterState(), 1e-6f);
    } finally {
      cluster.stop();
    }
  }

  /** The executor JVMs of this cluster: their working directories are under the worker's work directory. */
  private static List<ProcessHandle> executors(Path work) {
    List<ProcessHandle> found = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(p -> {
      String command = p.info().commandLine().orElse("");
      if (!command.contains("CoarseGrainedExecutorBackend")) {
        return;
      }
      try {
        if (Path.of("/proc", Long.toString(p.pid()), "cwd").toRealPath().startsWith(work.toRealPath())) {
          found.add(p);
        }
      } catch (java.io.IOException gone) {
        // exited meanwhile
      }
    });
    return found;
  }

  private static StoredCheckpoint latest(String store) throws Exception {
    CheckpointStore checkpoints = new CheckpointStore(new StoreLayout(store), new Configuration());
    return checkpoints.read(checkpoints.latest().orElseThrow());
  }

  /** Six rounds of 64 frames (the small settings' one epoch is three): the kill lands with rounds to go. */
  private static List<String> twoEpochs(List<String> command) {
    List<String> all = new ArrayList<>(command);
    all.addAll(List.of("--set", "train.epochs=2"));
    return all;
  }
}
