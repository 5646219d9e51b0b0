package io.autoencoded.job.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.config.Settings;
import io.autoencoded.job.model.Checkpoint;
import io.autoencoded.job.model.LoadedCheckpoint;
import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.tensor.FrameTensorCodec;
import java.io.IOException;
import java.io.InputStream;
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
import org.nd4j.nativeblas.NativeOpsHolder;

/** The training job with the real VAE-GAN (small: 32x48 frames, 4 filters, latent 8) on HDFS + Spark local[2]. */
class VaeGanTrainingTest {
  private static TrainStore store;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    // this class asks ND4J's native ops for their thread count, which needs ND4J's backend loaded first (run alone,
    // nothing else has loaded it)
    org.nd4j.linalg.factory.Nd4j.getBackend();
    store = new TrainStore();
    spark = store.spark();
  }

  @AfterAll
  static void stop() {
    if (store != null) {
      store.close();
    }
  }

  private static Settings settings(String root, Map<String, String> more) {
    Map<String, String> m = new java.util.HashMap<>(Map.of("frames.height", "32", "frames.width", "48",
        "train.learning-rate", "1e-3"));
    m.putAll(more);
    return TrainStore.settings(root, m);
  }

  @Test
  void oneReplicaAveragingEveryStepEqualsSingleProcessTraining() throws IOException {
    oneReplicaEqualsSingleProcess(ModelSpec.NONE);
  }

  /**
   * A centred model (model.centring = mean-frame) gets the mean of the run's frames as its centre, and trains as the
   * same model in one process given that centre.
   */
  @Test
  void aCentredRunCentresOnTheMeanOfItsFramesAndTrainsAsOneProcess() throws IOException {
    oneReplicaEqualsSingleProcess(ModelSpec.MEAN_FRAME);
  }

  private void oneReplicaEqualsSingleProcess(String centring) throws IOException {
    String root = store.newRoot();
    TrainStore.writeFilm(spark, root, "clip", 14, 32, 48, 0);
    // the task computes with as many native threads as this driver thread: float sums in the same order
    int driverThreads = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    Settings settings = settings(root, Map.of("train.workers", "1", "train.averaging-frequency", "1",
        "spark.native-threads-per-task", Integer.toString(driverThreads), "model.centring", centring));
    TrainResult result = TrainJob.run(spark, settings, List.of(), OptionalInt.of(1), Optional.empty());
    ModelState distributed = new CheckpointStore(new StoreLayout(root), spark.sparkContext().hadoopConfiguration())
        .read(result.checkpointUri()).state();

    ModelSpec spec = ModelSpec.from(settings);
    TrainableModel local = VaeGanReplica.Factory.INSTANCE.create(spec);
    FramePermutation order = new FramePermutation(14, FramePermutation.epochSeed(TrainTuning.from(settings).seed(), 0));
    List<Row> rows = new ArrayList<>(spark.read().parquet(new StoreLayout(root).framesOf("clip").toString())
        .select("frame_index", "pixels").collectAsList());
    rows.sort(Comparator.comparingLong(r -> order.apply(r.getLong(0))));
    FrameTensorCodec codec = new FrameTensorCodec(32, 48, 3);
    if (ModelSpec.MEAN_FRAME.equals(centring)) {
      org.nd4j.linalg.api.ndarray.INDArray mean = codec.toBatch(rows.stream().map(r -> (byte[]) r.get(1)).toList())
          .mean(true, 0);
      int n = (int) mean.length();
      float[] stored = java.util.Arrays.copyOfRange(distributed.parameters(), distributed.parameters().length - n,
          distributed.parameters().length);
      // the stored centre is NHWC; compare as NCHW
      org.nd4j.linalg.api.ndarray.INDArray storedNchw = org.nd4j.linalg.factory.Nd4j.create(stored,
          new long[] {1, 32, 48, 3}, 'c').permute(0, 3, 1, 2);
      assertEquals(0, storedNchw.distance2(mean), 1e-4, "the run's centre is the mean of its 14 frames");
      local.setCentre(storedNchw.dup('c'));
    }
    for (int i = 0; i < rows.size(); i += 4) {
      List<byte[]> batch = new ArrayList<>();
      for (int j = i; j < Math.min(i + 4, rows.size()); j++) {
        batch.add((byte[]) rows.get(j).get(1));
      }
      // same seed for the sampling noise as the single replica draws in this round
      local.reseedNoise(ReplicaTrainer.noiseSeed(ModelState.of(local), 0));
      local.trainStep(codec.toBatch(batch));
    }
    ModelState expected = ModelState.of(local);
    assertEquals(4, distributed.iteration());
    assertArrayEquals(expected.parameters(), distributed.parameters(), 1e-6f);
    assertArrayEquals(expected.updaterState(), distributed.updaterState(), 1e-6f);
  }

  /**
   * Larsen's equilibrium gating, when on, is logged with how often each update was skipped: a target the
   * discriminator's cross-entropy is always below skips every discriminator update and no decoder update.
   */
  @Test
  void theEquilibriumGatingLogsHowOftenEachUpdateWasSkipped() throws IOException {
    String root = store.newRoot();
    TrainStore.writeFilm(spark, root, "clip", 24, 32, 48, 0);
    Settings settings = settings(root, Map.of("train.workers", "2", "train.batch-size", "4",
        "train.averaging-frequency", "3", "model.equilibrium.enabled", "true", "model.equilibrium.target", "50",
        "model.equilibrium.margin", "1"));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream log = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
    TrainResult result = TrainJob.run(spark, settings, List.of(), OptionalInt.of(1), Optional.empty(),
        VaeGanReplica.Factory.INSTANCE, log);
    String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    System.err.print(text);
    // 24 frames, 2 replicas x 3 minibatches of 4: one round of 6 steps
    assertTrue(text.contains("skipped updates: decoder 0, discriminator 6"), text);
    assertEquals(6, result.finalLosses().discriminatorSkipped());

    // gating off (the default): nothing skipped
    String other = store.newRoot();
    TrainStore.writeFilm(spark, other, "clip", 24, 32, 48, 0);
    bytes.reset();
    TrainJob.run(spark, settings(other, Map.of("train.workers", "2", "train.batch-size", "4",
        "train.averaging-frequency", "3")), List.of(), OptionalInt.of(1), Optional.empty(),
        VaeGanReplica.Factory.INSTANCE, log);
    assertTrue(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)
        .contains("skipped updates: decoder 0, discriminator 0"), bytes.toString());
  }

  @Test
  void twoReplicasLearnTheBundledClipAndTheCheckpointIsTheModelsOwnFormat() throws IOException {
    String root = store.newRoot();
    if (BundledClip.present()) {
      assertEquals(95, BundledClip.write(spark, root, "city", 32, 48, 2, 95));
    } else {
      TrainStore.writeFilm(spark, root, "a", 48, 32, 48, 0);
      TrainStore.writeFilm(spark, root, "b", 32, 32, 48, 2);
    }
    // the project's default objective: learned similarity, no pixel term
    Settings settings = settings(root, Map.of());
    TrainResult result = TrainJob.run(spark, settings, List.of(), OptionalInt.of(3), Optional.empty());
    StoredCheckpoint c = new CheckpointStore(new StoreLayout(root), spark.sparkContext().hadoopConfiguration())
        .read(result.checkpointUri());
    List<LossPoint> h = c.position().history();
    double first = (h.get(0).pixelMse() + h.get(1).pixelMse()) / 2;
    double last = (h.get(h.size() - 1).pixelMse() + h.get(h.size() - 2).pixelMse()) / 2;
    System.err.println("VAE-GAN pixel MSE: first rounds " + first + ", last rounds " + last + "; " + result.toJson());
    assertTrue(last < 0.75 * first, "pixel error fell only from " + first + " to " + last);
    assertTrue(result.finalLosses().finite());

    FileSystem fs = new Path(root).getFileSystem(spark.sparkContext().hadoopConfiguration());
    try (InputStream in = fs.open(new Path(result.checkpointUri(), CheckpointStore.MODEL_FILE))) {
      LoadedCheckpoint loaded = Checkpoint.read(in);
      assertEquals(c.position().step(), loaded.position().step());
      assertEquals(3, loaded.position().epoch());
      assertArrayEquals(c.state().parameters(), ModelState.of(new VaeGanReplica(loaded.model())).parameters());
    }
  }
}
