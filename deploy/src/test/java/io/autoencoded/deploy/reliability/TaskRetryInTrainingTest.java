package io.autoencoded.deploy.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.deploy.CommandLines;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.config.SettingsLoader;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.train.CheckpointFormat;
import io.autoencoded.job.train.ModelFactory;
import io.autoencoded.job.train.ModelState;
import io.autoencoded.job.train.TrainJob;
import io.autoencoded.job.train.TrainResult;
import io.autoencoded.job.train.TrainableModel;
import io.autoencoded.job.train.VaeGanReplica;
import io.autoencoded.job.model.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica's task that fails mid-round (its first attempt throws, as when an executor is lost) and is retried
 * by Spark ({@code local[2,2]}: two attempts per task) gives the very same averaged model as a run without the
 * failure: the retried replica is neither lost nor counted twice. The fault comes from a test-side model factory
 * passed to the public {@code TrainJob.run}; nothing in the production code knows about it.
 */
class TaskRetryInTrainingTest {
  static final Path CLIP = Path.of("../deploy/demo/cityCC0.mpg");
  static final AtomicInteger FAILURES = new AtomicInteger();

  @TempDir Path dir;

  /** Delegates to the real VAE-GAN factory, but fails replica 1's first attempt in the first round. */
  record FailingFirstAttempt(ModelFactory inner) implements ModelFactory {
    @Override
    public TrainableModel create(ModelSpec spec) {
      TaskContext task = TaskContext.get();
      if (task != null && task.partitionId() % 2 == 1 && task.attemptNumber() == 0
          && FAILURES.getAndIncrement() == 0) {
        throw new IllegalStateException("injected: executor lost during the round");
      }
      return inner.create(spec);
    }

    @Override
    public void writeCheckpoint(ModelState state, long step, int epoch, String config, OutputStream out)
        throws IOException {
      inner.writeCheckpoint(state, step, epoch, config, out);
    }
  }

  @Test
  void aRetriedReplicaTaskGivesTheSameAveragedModel() throws Exception {
    ModelState clean = train("clean", VaeGanReplica.Factory.INSTANCE);
    FAILURES.set(0);
    ModelState retried = train("retried", new FailingFirstAttempt(VaeGanReplica.Factory.INSTANCE));
    assertTrue(FAILURES.get() >= 1, "the fault was never injected");
    System.out.println("RELIABILITY | train: replica task failed once and retried | iterations "
        + clean.iteration() + " vs " + retried.iteration());
    assertEquals(clean.iteration(), retried.iteration(), "a replica's steps were lost or counted twice");
    assertArrayEquals(clean.parameters(), retried.parameters(), 1e-6f);
    assertArrayEquals(clean.updaterState(), retried.updaterState(), 1e-6f);
  }

  private ModelState train(String name, ModelFactory factory) throws Exception {
    String store = dir.resolve(name).toUri().toString();
    CommandLines.Outcome ingest = CommandLines.run(CommandLines.with("ingest", "--film", CLIP.toString(),
        "--film-id", "city", "--store", store));
    assertEquals(0, ingest.status(), ingest.err());
    Map<String, String> sets = new LinkedHashMap<>();
    for (int i = 0; i < CommandLines.SMALL.size(); i += 2) {
      String[] kv = CommandLines.SMALL.get(i + 1).split("=", 2);
      sets.put(kv[0], kv[1]);
    }
    sets.put("store.root", store);
    // no timing probe: it would build the replicas' models before the first round (kept in the replica pool), and
    // the fault, injected where a replica's model is built, would then fire in the probe instead of in a round
    sets.put("train.probe-minibatches", "0");
    Settings settings = SettingsLoader.load(List.of(), sets);
    SparkSession spark = SparkSessions.open("local[2,2]", settings, "train " + name);
    TrainResult result;
    try {
      result = TrainJob.run(spark, settings, List.of("city"), OptionalInt.of(1), Optional.empty(), factory,
          new PrintStream(new ByteArrayOutputStream()));
    } finally {
      spark.stop();
    }
    Path checkpoint = Path.of(URI.create(result.checkpointUri()));
    if (Files.isDirectory(checkpoint)) {
      checkpoint = checkpoint.resolve("checkpoint.bin");
    }
    try (InputStream in = Files.newInputStream(checkpoint)) {
      return CheckpointFormat.read(in, result.checkpointUri());
    }
  }
}
