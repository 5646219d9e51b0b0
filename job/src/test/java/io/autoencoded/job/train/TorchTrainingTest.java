package io.autoencoded.job.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.config.Settings;
import io.autoencoded.job.model.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The training job itself with {@code model.engine = torch}: two torch replicas averaged through Spark local[2]
 * and HDFS, checkpointed in the one format, which ND4J reads; and the same run on ND4J ends at the same model to
 * float rounding (the torch engine computes in double on CPUs, ND4J in float).
 */
class TorchTrainingTest {
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

  private static ModelState train(String engine) throws IOException {
    String root = store.newRoot();
    TrainStore.writeFilm(spark, root, "clip", 16, 32, 48, 0);
    Settings settings = TrainStore.settings(root, Map.of("frames.height", "32", "frames.width", "48",
        "train.learning-rate", "1e-3", "train.workers", "2", "train.batch-size", "4",
        "train.averaging-frequency", "2", "model.engine", engine));
    TrainResult result = TrainJob.run(spark, settings, List.of(), OptionalInt.of(1), Optional.empty());
    byte[] checkpoint = CheckpointStoreBytes.of(spark, result.checkpointUri());
    // the checkpoint is the VAE-GAN's own format (ND4J reads it), whichever engine trained it
    assertTrue(!CheckpointFormat.isModelIndependent(checkpoint), "not the VAE-GAN's own checkpoint format");
    return ModelState.of(new VaeGanReplica(Checkpoint.read(new java.io.ByteArrayInputStream(checkpoint)).model()));
  }

  /** The bytes of a run's checkpoint.bin. */
  private static final class CheckpointStoreBytes {
    static byte[] of(SparkSession spark, String checkpointDir) throws IOException {
      Path file = new Path(checkpointDir, CheckpointStore.MODEL_FILE);
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (InputStream in = fs.open(file)) {
        return in.readAllBytes();
      }
    }
  }

  @Test
  void torchReplicasTrainThroughTheJobToTheModelNd4jTrains() throws IOException {
    ModelState torch = train("torch");
    ModelState nd4j = train("nd4j");
    // 16 frames, 2 replicas x 2 minibatches of 4: one round, two steps each
    assertEquals(2, torch.iteration());
    assertEquals(nd4j.iteration(), torch.iteration());
    double worst = 0;
    double scale = 0;
    double moved = 0;
    ModelState initial = ModelState.of(VaeGanReplica.Factory.INSTANCE.create(torch.spec()));
    for (int i = 0; i < torch.parameters().length; i++) {
      worst = Math.max(worst, Math.abs(torch.parameters()[i] - nd4j.parameters()[i]));
      scale = Math.max(scale, Math.abs(nd4j.parameters()[i]));
      moved = Math.max(moved, Math.abs(torch.parameters()[i] - initial.parameters()[i]));
    }
    System.out.println("torch vs nd4j after the round: max difference " + worst + " of max " + scale
        + "; largest change in training " + moved);
    assertTrue(moved > 1e-3, "training left the parameters where they started: " + moved);
    assertTrue(worst < 1e-4 * scale, "the engines trained different models: max difference " + worst);
  }
}
