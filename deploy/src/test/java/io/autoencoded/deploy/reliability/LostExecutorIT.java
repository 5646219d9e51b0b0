package io.autoencoded.deploy.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.deploy.CommandLines;
import io.autoencoded.deploy.Launcher;
import io.autoencoded.job.model.Checkpoint;
import io.autoencoded.job.model.LoadedCheckpoint;
import io.autoencoded.job.store.StoreLayout;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
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
    Path cluster = dir.resolve("cluster");
    Map<String, String> env = new HashMap<>();
    env.put("LOCAL_CLUSTER_DIR", cluster.toString());
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
      String film = Launcher.ROOT.resolve("deploy/demo/cityCC0.mpg").toString();
      String[] train = {"train", "--film-id", "city"};

      String storeA = store + "-uninterrupted";
      assertEquals(0, Launcher.run(logs, env, 600, cluster(master, storeA, "ingest", "--film", film, "--film-id",
          "city")).status());
      Launcher.Result a = Launcher.run(logs, env, 900, twoEpochs(cluster(master, storeA, train)));
      assertEquals(0, a.status(), a.err());

      String storeB = store + "-killed";
      assertEquals(0, Launcher.run(logs, env, 600, cluster(master, storeB, "ingest", "--film", film, "--film-id",
          "city")).status());
      Path out = logs.resolve("killed.out");
      Path err = logs.resolve("killed.err");
      ProcessBuilder pb = new ProcessBuilder(twoEpochs(cluster(master, storeB, train)))
          .directory(Launcher.ROOT.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env);
      Process b = pb.start();
      long killed = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
      while (killed == 0 && b.isAlive() && System.nanoTime() < deadline) {
        if (Files.readString(err, StandardCharsets.UTF_8).contains("round 2/")) {
          for (ProcessHandle executor : executors(cluster.resolve("work"))) {
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

      LoadedCheckpoint uninterrupted = latest(storeA);
      LoadedCheckpoint recovered = latest(storeB);
      assertEquals(uninterrupted.model().iteration(), recovered.model().iteration(), "a replica counted twice");
      assertEquals(uninterrupted.position().step(), recovered.position().step());
      assertEquals(uninterrupted.position().epoch(), recovered.position().epoch());
      assertArrayEquals(uninterrupted.model().parameters().toFloatVector(),
          recovered.model().parameters().toFloatVector(), 1e-6f);
      assertArrayEquals(uninterrupted.model().updaterState().toFloatVector(),
          recovered.model().updaterState().toFloatVector(), 1e-6f);
    } finally {
      Launcher.run(logs, env, 120, List.of(Launcher.ROOT.resolve("deploy/local-cluster/stop").toString()));
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

  private static LoadedCheckpoint latest(String store) throws Exception {
    StoreLayout layout = new StoreLayout(store);
    FileSystem fs = FileSystem.newInstance(URI.create(store), new Configuration());
    try {
      String model;
      try (InputStream in = fs.open(layout.latestModelPointer())) {
        model = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(model, "checkpoint.bin"))) {
        return Checkpoint.read(in);
      }
    } finally {
      fs.close();
    }
  }

  private static List<String> cluster(String master, String store, String... args) {
    List<String> all = new ArrayList<>(Launcher.autoencoded(args));
    all.addAll(List.of("--master", master, "--store", store));
    all.addAll(CommandLines.SMALL);
    return all;
  }

  /** Six rounds of 64 frames (the small settings' one epoch is three): the kill lands with rounds to go. */
  private static List<String> twoEpochs(List<String> command) {
    List<String> all = new ArrayList<>(command);
    all.addAll(List.of("--set", "train.epochs=2"));
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
