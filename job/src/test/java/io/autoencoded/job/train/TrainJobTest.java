package io.autoencoded.job.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.tensor.FrameTensorCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The training job end to end on Spark local[2] against an HDFS store, with the small linear autoencoder (a real
 * ND4J model trained with Adam) standing in for the VAE-GAN: averaging, sharding, checkpoints, resume, warm
 * start, rollback and the user errors do not depend on which model is averaged.
 */
class TrainJobTest {
  private static TrainStore store;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    store = new TrainStore();
    spark = store.spark();
  }

  @AfterAll
  static void stop() {
    if (store != null) {
      store.close();
    }
  }

  private static final class Log {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        bytes.write(b);
        System.err.write(b);
      }
    }, true, StandardCharsets.UTF_8);

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  private static TrainResult train(Settings settings, List<String> films, int epochs, String from, Log log)
      throws IOException {
    return TrainJob.run(spark, settings, films, OptionalInt.of(epochs), Optional.ofNullable(from),
        LinearAutoencoder.Factory.INSTANCE, log.out);
  }

  private static StoredCheckpoint checkpoint(Settings settings, String uri) throws IOException {
    return new CheckpointStore(new StoreLayout(settings.store().root()), spark.sparkContext().hadoopConfiguration())
        .read(uri);
  }

  @Test
  void oneReplicaAveragingEveryStepEqualsSingleProcessTraining() throws IOException {
    String root = store.newRoot();
    TrainStore.writeFilm(spark, root, "clip", 26, 16, 32, 0);
    Settings settings = TrainStore.settings(root, Map.of("train.workers", "1", "train.averaging-frequency", "1"));
    TrainResult result = train(settings, List.of(), 1, null, new Log());
    ModelState distributed = checkpoint(settings, result.checkpointUri()).state();

    // the same frames in the same order, trained in this process with no averaging at all
    ModelSpec spec = ModelSpec.from(settings);
    TrainableModel local = LinearAutoencoder.Factory.INSTANCE.create(spec);
    FramePermutation order = new FramePermutation(26, FramePermutation.epochSeed(TrainTuning.from(settings).seed(), 0));
    List<Row> rows = new ArrayList<>(spark.read().parquet(new StoreLayout(root).framesOf("clip").toString())
        .select("frame_index", "pixels").collectAsList());
    rows.sort(Comparator.comparingLong(r -> order.apply(r.getLong(0))));
    FrameTensorCodec codec = new FrameTensorCodec(16, 32, 3);
    for (int i = 0; i < rows.size(); i += 4) {
      List<byte[]> batch = new ArrayList<>();
      for (int j = i; j < Math.min(i + 4, rows.size()); j++) {
        batch.add((byte[]) rows.get(j).get(1));
      }
      local.trainStep(codec.toBatch(batch));
    }
    ModelState expected = ModelState.of(local);
    assertEquals(7, distributed.iteration());
    assertEquals(expected.iteration(), distributed.iteration());
    assertArrayEquals(expected.parameters(), distributed.parameters(), 1e-6f);
    assertArrayEquals(expected.updaterState(), distributed.updaterState(), 1e-6f);
  }

  @Test
  void twoReplicasOnTwoFilmsLearnAndPublishCheckpointsWithPictures() throws IOException {
    String root = store.newRoot();
    TrainStore.writeFilm(spark, root, "a", 48, 16, 32, 0);
    TrainStore.writeFilm(spark, root, "b", 40, 16, 32, 2);
    Settings settings = TrainStore.settings(root, Map.of());
    Log log = new Log();
    TrainResult result = train(settings, List.of(), 3, null, log);
    StoredCheckpoint c = checkpoint(settings, result.checkpointUri());
    List<LossPoint> history = c.position().history();
    double first = history.get(0).pixelMse();
    double last = history.get(history.size() - 1).pixelMse();
    assertTrue(last < 0.5 * first, "pixel error fell only from " + first + " to " + last);
    assertEquals(3, c.position().epochsDone());
    assertEquals(List.of("a", "b"), c.position().films());
    assertEquals(88 * 3, c.position().framesSeen());
    assertTrue(log.text().contains("epoch 3/3 round 6/6"), log.text());
    assertTrue(log.text().contains("frames/s"));
    assertTrue(log.text().contains("training report hdfs://") && log.text().contains("/report.html"), log.text());

    FileSystem fs = new Path(root).getFileSystem(spark.sparkContext().hadoopConfiguration());
    Path dir = new Path(result.checkpointUri());
    assertEquals("epoch-0003", dir.getName());
    for (String f : List.of("checkpoint.bin", "position.json", "loss-curve.png", "samples.png")) {
      assertTrue(fs.exists(new Path(dir, f)), f);
    }
    try (var in = fs.open(new Path(dir, "samples.png"))) {
      assertEquals(3 * (16 + 4) + 4, javax.imageio.ImageIO.read(in).getHeight(), "three sample rows");
    }
    assertTrue(fs.exists(new Path(dir.getParent(), "epoch-0001")));
    // the run's report on HDFS: the page, the charts and every epoch's sample grid
    StoreLayout layout = new StoreLayout(root);
    assertTrue(fs.exists(layout.runReport(result.runId())));
    for (String f : List.of("losses.png", "skip-rates.png", "learning-rate.png", "throughput.png", "config.conf",
        "samples-epoch-0001.png", "samples-epoch-0003.png")) {
      assertTrue(fs.exists(new Path(layout.runReportFiles(result.runId()), f)), f);
    }
    assertEquals(result.checkpointUri(),
        new CheckpointStore(new StoreLayout(root), spark.sparkContext().hadoopConfiguration()).latest().orElseThrow());
    assertEquals(0, fs.exists(new Path(root, "_staging")) ? fs.listStatus(new Path(root, "_staging")).length : 0);
  }

  @Test
  void rerunningTheSameCommandResumesFromTheLastCheckpoint() throws IOException {
    String root = store.newRoot();
    TrainStore.writeFilm(spark, root, "clip", 40, 16, 32, 1);
    Settings settings = TrainStore.settings(root, Map.of("train.checkpoint-every-rounds", "2"));
    TrainResult one = train(settings, List.of("clip"), 1, null, new Log());
    assertNull(one.resumedFrom());
    Log log = new Log();
    TrainResult two = train(settings, List.of("clip"), 2, null, log);
    assertTrue(log.text().contains("resuming from " + one.checkpointUri()), log.text());
    assertEquals(one.runId(), two.runId());
    StoredCheckpoint c = checkpoint(settings, two.checkpointUri());
    assertEquals(2, c.position().epochsDone());
    assertEquals(40, two.framesTrained(), "only the second epoch was trained again");
    assertEquals(80, c.position().framesSeen());
    assertEquals(6, c.position().step());

    // a finished run asked for the same number of epochs trains nothing
    TrainResult again = train(settings, List.of("clip"), 2, null, new Log());
    assertEquals(0, again.framesTrained());
    assertEquals(two.checkpointUri(), again.checkpointUri());
  }

  @Test
  void resumesInsideAnEpochFromARoundCheckpoint() throws IOException {
    String root = store.newRoot();
    TrainStore.writeFilm(spark, root, "clip", 40, 16, 32, 1);
    Settings settings = TrainStore.settings(root, Map.of("train.checkpoint-every-rounds", "2"));
    TrainResult full = train(settings, List.of("clip"), 1, null, new Log());
    FileSystem fs = new Path(root).getFileSystem(spark.sparkContext().hadoopConfiguration());
    // simulate a crash after round 2 of 3: the epoch checkpoint never got written
    Path epochDir = new Path(full.checkpointUri());
    assertTrue(fs.exists(new Path(epochDir.getParent(), "epoch-0000-round-000002")));
    ModelState finished = checkpoint(settings, full.checkpointUri()).state();
    fs.delete(epochDir, true);
    Log log = new Log();
    TrainResult resumed = train(settings, List.of("clip"), 1, null, log);
    assertTrue(log.text().contains("resuming from") && log.text().contains("epoch-0000-round-000002"), log.text());
    assertEquals(8, resumed.framesTrained(), "only the last round (40 frames = 16 + 16 + 8) was trained again");
    ModelState again = checkpoint(settings, resumed.checkpointUri()).state();
    assertArrayEquals(finished.parameters(), again.parameters(), 1e-6f);
  }

  @Test
  void warmStartTakesTheWeightsOfAnotherRun() throws IOException {
    String root = store.newRoot();
    TrainStore.writeFilm(spark, root, "old", 40, 16, 32, 0);
    TrainStore.writeFilm(spark, root, "new", 24, 16, 32, 3);
    Settings settings = TrainStore.settings(root, Map.of());
    TrainResult old = train(settings, List.of("old"), 3, null, new Log());
    TrainResult fresh = train(settings, List.of("new"), 1, null, new Log());
    Log log = new Log();
    TrainResult warm = train(settings, List.of("new"), 1, old.checkpointUri(), log);
    assertTrue(log.text().contains("warm start from " + old.checkpointUri()), log.text());
    assertNotEquals(fresh.runId(), warm.runId());
    double freshFirst = checkpoint(settings, fresh.checkpointUri()).position().history().get(0).pixelMse();
    double warmFirst = checkpoint(settings, warm.checkpointUri()).position().history().get(0).pixelMse();
    assertTrue(warmFirst < freshFirst, "warm start " + warmFirst + " vs fresh " + freshFirst);

    Settings other = TrainStore.settings(root, Map.of("model.latent", "4"));
    UserException e = assertThrows(UserException.class,
        () -> train(other, List.of("new"), 1, old.checkpointUri(), new Log()));
    assertTrue(e.getMessage().contains("model.latent 8 vs 4"), e.getMessage());
    UserException missing = assertThrows(UserException.class,
        () -> train(settings, List.of("new"), 1, root + "/models/nope", new Log()));
    assertTrue(missing.getMessage().contains("No checkpoint at"), missing.getMessage());
  }

  @Test
  void aWarmStartKeepsTheCentringItsModelLearnedWith() throws IOException {
    String root = store.newRoot();
    TrainStore.writeFilm(spark, root, "old", 16, 16, 32, 0);
    TrainResult old = train(TrainStore.settings(root, Map.of("model.centring", "none")), List.of("old"), 1, null,
        new Log());
    Settings settings = TrainStore.settings(root, Map.of());
    assertEquals(ModelSpec.MEAN_FRAME, ModelSpec.from(settings).centring(), "the default centres");
    Log log = new Log();
    TrainResult warm = train(settings, List.of("old"), 1, old.checkpointUri(), log);
    assertTrue(log.text().contains("was trained with model.centring = none: it keeps it"), log.text());
    assertEquals(ModelSpec.NONE, checkpoint(settings, warm.checkpointUri()).state().spec().centring());
  }

  @Test
  void unknownFilmsEmptyStoresAndWrongSizesFailClearly() throws IOException {
    String empty = store.newRoot();
    UserException none = assertThrows(UserException.class,
        () -> train(TrainStore.settings(empty, Map.of()), List.of(), 1, null, new Log()));
    assertTrue(none.getMessage().contains("has no films"), none.getMessage());

    String root = store.newRoot();
    TrainStore.writeFilm(spark, root, "clip", 8, 16, 32, 0);
    UserException unknown = assertThrows(UserException.class,
        () -> train(TrainStore.settings(root, Map.of()), List.of("clip", "nosuchfilm"), 1, null, new Log()));
    assertTrue(unknown.getMessage().contains("'nosuchfilm'"), unknown.getMessage());

    UserException size = assertThrows(UserException.class, () -> train(
        TrainStore.settings(root, Map.of("frames.height", "32")), List.of(), 1, null, new Log()));
    assertTrue(size.getMessage().contains("32x16") && size.getMessage().contains("frames.height=16"),
        size.getMessage());
    assertTrue(!new Path(root, "models").getFileSystem(spark.sparkContext().hadoopConfiguration())
        .exists(new Path(root, "models")), "a failed run leaves no model behind");
  }

  /**
   * A round left a state that diverges on the next round's first step, at any learning rate: redoing that next
   * round alone cannot get past it (the run failed after its rollbacks); going back to the round that made the state
   * and redoing it at the lower learning rate does.
   */
  @Test
  void aRoundStartingFromADivergingStateIsUndoneWithTheRoundBefore() throws IOException {
    String root = store.newRoot();
    TrainStore.writeFilm(spark, root, "clip", 32, 16, 32, 0);
    Settings settings = TrainStore.settings(root, Map.of("train.probe-minibatches", "0",
        "train.rollback.lr-factor", "1e-3", "train.rollback.max", "1"));
    Log log = new Log();
    TrainResult result = TrainJob.run(spark, settings, List.of(), OptionalInt.of(1), Optional.empty(),
        DriftingModel.Factory.INSTANCE, log.out);
    assertTrue(log.text().contains("epoch 1 round 2 diverged") && log.text().contains("rolling back to the start of "
        + "round 1 (the round before"), log.text());
    assertEquals(1, result.rollbacks());
    assertTrue(result.finalLosses().prior() < 1, "the run ended on a diverged round: " + result.finalLosses());
    StoredCheckpoint c = checkpoint(settings, result.checkpointUri());
    assertEquals(1e-5, c.position().learningRate(), 1e-12);
    assertEquals(32, c.position().framesSeen(), "every frame of the epoch once, the undone round not counted");
    assertEquals(List.of(1, 2), c.position().history().stream().map(p -> p.round()).toList(),
        "the undone round is gone from the history");
    assertTrue(c.position().history().stream().allMatch(p -> p.learningRate() == 1e-5), "both rounds redone");
  }

  @Test
  void divergenceRollsBackAndLowersTheLearningRate() throws IOException {
    String root = store.newRoot();
    TrainStore.writeFilm(spark, root, "clip", 32, 16, 32, 0);
    Settings settings = TrainStore.settings(root, Map.of("train.learning-rate", "10",
        "train.rollback.lr-factor", "1e-3", "train.rollback.loss-limit", "100", "train.rollback.max", "3"));
    Log log = new Log();
    TrainResult result = train(settings, List.of(), 1, null, log);
    assertTrue(log.text().contains("rolling back"), log.text());
    assertTrue(result.rollbacks() >= 1);
    StoredCheckpoint c = checkpoint(settings, result.checkpointUri());
    assertTrue(c.position().learningRate() < 1e-1, "lr " + c.position().learningRate());
    assertTrue(result.finalLosses().finite());
    String page;
    try (var in = new Path(root).getFileSystem(spark.sparkContext().hadoopConfiguration())
        .open(new StoreLayout(root).runReport(result.runId()))) {
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(page.contains("before this round</th>") && page.contains("rollback"), "the rollback is listed");
    assertTrue(c.position().history().stream().anyMatch(p -> p.rollbacks() > 0));

    Settings hopeless = TrainStore.settings(root, Map.of("train.rollback.loss-limit", "1e-9", "train.rollback.max", "2"));
    UserException e = assertThrows(UserException.class, () -> train(hopeless, List.of(), 1, null, new Log()));
    assertTrue(e.getMessage().startsWith("Training diverged 3 times"), e.getMessage());
  }
}
