package io.autoencoded.job.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.store.StoreLayout;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A training process killed with SIGKILL mid-epoch, then the same command again: it resumes from the newest
 * checkpoint and finishes the run (real VAE-GAN, HDFS store, child JVM).
 */
class KillAndResumeTest {
  @Test
  void aKilledRunResumesFromItsLastCheckpoint() throws Exception {
    try (TrainStore store = new TrainStore()) {
      String root = store.newRoot();
      SparkSession setup = SparkSessions.open("local[2]", TrainStore.settings(root, Map.of()), "setup");
      TrainStore.writeFilm(setup, root, "clip", 32, 32, 48, 0);
      setup.stop();

      List<String> command = new ArrayList<>();
      command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
      command.add("-Xmx2g");
      for (String opt : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (opt.startsWith("--add-opens") || opt.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
            || opt.startsWith("-Djdk.reflect") || opt.startsWith("-Dspark.driver")) {
          command.add(opt);
        }
      }
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), TrainMain.class.getName(), "train",
          "--store", root, "--master", "local[2]", "--set", "frames.height=32", "--set", "frames.width=48",
          "--set", "model.filters=4", "--set", "model.latent=8", "--set", "train.batch-size=4",
          "--set", "train.averaging-frequency=1", "--set", "train.workers=2", "--set",
          "train.checkpoint-every-rounds=1", "--set", "train.learning-rate=2e-4", "--epochs", "2"));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("OMP_NUM_THREADS", "1");
      Process child = pb.start();
      String killedAfter = null;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          System.err.println("[child] " + line);
          if (line.startsWith("checkpoint ") && line.contains("epoch-0000-round-000002")) {
            killedAfter = line;
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, nothing flushed
            break;
          }
        }
      }
      assertTrue(child.waitFor(60, TimeUnit.SECONDS));
      assertTrue(killedAfter != null, "the child never reached its second round checkpoint");

      ByteArrayLog log = new ByteArrayLog();
      SparkSession spark = SparkSessions.open("local[2]", TrainStore.settings(root, Map.of()), "resume");
      try {
        TrainResult result = TrainJob.run(spark, TrainStore.settings(root, Map.of("frames.height", "32",
                "frames.width", "48", "train.averaging-frequency", "1", "train.checkpoint-every-rounds", "1",
                "train.learning-rate", "2e-4")),
            List.of("clip"), java.util.OptionalInt.of(2), java.util.Optional.empty(),
            VaeGanReplica.Factory.INSTANCE, log.out);
        assertTrue(log.text().contains("resuming from"), log.text());
        assertTrue(result.resumedFrom().contains("epoch-0000-round-00000"), result.resumedFrom());
        assertEquals(2, result.epochs());
        StoredCheckpoint c = new CheckpointStore(new StoreLayout(root), spark.sparkContext().hadoopConfiguration())
            .read(result.checkpointUri());
        assertEquals(2, c.position().epochsDone());
        assertEquals(64, c.position().framesSeen(), "every frame of both epochs exactly once");
        assertTrue(result.framesTrained() < 64, "the rounds before the kill were not trained again");
      } finally {
        spark.stop();
      }
    }
  }

  private static final class ByteArrayLog {
    final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    final java.io.PrintStream out = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
