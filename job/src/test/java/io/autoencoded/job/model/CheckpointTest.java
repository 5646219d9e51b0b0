package io.autoencoded.job.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.cli.UserException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Save → load → identical model; deterministic inference; flat vectors round-trip; mismatches fail clearly. */
class CheckpointTest {
  private static final ModelSpec SPEC = new ModelSpec(32, 48, 3, 4, 8, 2.5, 2e-4, 11L);
  private static VaeGan trained;
  private static INDArray frames;

  @BeforeAll
  static void trainAFewSteps() {
    frames = SyntheticFrames.batch(6, 32, 48, 5);
    trained = VaeGan.create(SPEC);
    for (int i = 0; i < 3; i++) {
      trained.trainStep(frames);
    }
  }

  private static byte[] save(VaeGan model, TrainingPosition position) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Checkpoint.write(model, position, out);
    return out.toByteArray();
  }

  @Test
  void inferenceIsDeterministic() {
    INDArray a = trained.reconstruct(frames);
    INDArray b = trained.reconstruct(frames);
    assertEquals(a, b);
    assertArrayEquals(new long[] {6, 3, 32, 48}, a.shape());
    assertEquals(DataType.FLOAT, a.dataType());
    assertTrue(a.amaxNumber().doubleValue() <= 1.0);
    // a frame reconstructs the same alone as within a batch (running statistics, not batch statistics)
    INDArray alone = trained.encode(frames.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 3)));
    INDArray inBatch = trained.encode(frames).getRow(2).reshape(1, SPEC.latent());
    assertTrue(alone.equalsWithEps(inBatch, 1e-4), alone + " vs " + inBatch);
  }

  @Test
  void saveThenLoadGivesAnIdenticalModel() throws IOException {
    TrainingPosition position = new TrainingPosition(3, 1, "model { latent = 8 }");
    LoadedCheckpoint loaded = Checkpoint.read(new ByteArrayInputStream(save(trained, position)));
    assertEquals(position, loaded.position());
    assertEquals(SPEC, loaded.model().spec());
    assertEquals(trained.iteration(), loaded.model().iteration());
    assertEquals(trained.parameters(), loaded.model().parameters());
    assertEquals(trained.updaterState(), loaded.model().updaterState());
    assertEquals(trained.reconstruct(frames), loaded.model().reconstruct(frames));
    // and training continues identically: the updater state came back too
    VaeGan copy = loaded.model();
    VaeGan original = Checkpoint.read(new ByteArrayInputStream(save(trained, position))).model();
    original.reseedNoise(5);
    copy.reseedNoise(5);
    assertEquals(original.trainStep(frames), copy.trainStep(frames));
    assertEquals(original.parameters(), copy.parameters());
  }

  @Test
  void anInferenceLoadReconstructsIdenticallyAndCannotTrain() throws IOException {
    VaeGan inference = Checkpoint.readForInference(new ByteArrayInputStream(save(trained, new TrainingPosition(3, 1, ""))));
    assertEquals(trained.reconstruct(frames), inference.reconstruct(frames));
    assertEquals(trained.parameters(), inference.parameters());
    assertFalse(inference.trainable());
    assertThrows(IllegalStateException.class, () -> inference.trainStep(frames));
  }

  /** What a reconstruct job broadcasts: the weights alone, enough to reconstruct, refused for training. */
  @Test
  void aWeightsOnlyCheckpointReconstructsIdenticallyAndCannotResumeTraining() throws IOException {
    byte[] full = save(trained, new TrainingPosition(3, 1, ""));
    byte[] weights = Checkpoint.weightsOnly(full);
    assertTrue(weights.length < full.length / 2, weights.length + " vs " + full.length);
    assertEquals(trained.reconstruct(frames), Checkpoint.readForInference(new ByteArrayInputStream(weights))
        .reconstruct(frames));
    UserException refused = assertThrows(UserException.class,
        () -> Checkpoint.read(new ByteArrayInputStream(weights)));
    assertTrue(refused.getMessage().contains("holds only weights"), refused.getMessage());
    // a format-2 checkpoint comes out in format 3
    ByteArrayOutputStream v2 = new ByteArrayOutputStream();
    Checkpoint.write(trained, new TrainingPosition(3, 1, ""), v2, 2);
    assertEquals(trained.reconstruct(frames), Checkpoint.readForInference(
        new ByteArrayInputStream(Checkpoint.weightsOnly(v2.toByteArray()))).reconstruct(frames));
  }

  /** Checkpoints written before format 3 (im2col weight layouts) load as the same model, for training too. */
  @Test
  void formatTwoCheckpointsLoadAsTheSameModel() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Checkpoint.write(trained, new TrainingPosition(3, 1, ""), out, 2);
    byte[] v2 = out.toByteArray();
    assertNotEquals(trained.parameters(), trained.legacyParameters(), "the layouts differ: the test means something");
    LoadedCheckpoint loaded = Checkpoint.read(new ByteArrayInputStream(v2));
    assertEquals(trained.parameters(), loaded.model().parameters());
    assertEquals(trained.updaterState(), loaded.model().updaterState());
    assertEquals(trained.reconstruct(frames), Checkpoint.readForInference(new ByteArrayInputStream(v2))
        .reconstruct(frames));
  }

  /** The legacy layouts by their definitions: conv [c·25 + ky·5 + kx, o], transposed conv [i, o·25 + ky·5 + kx]. */
  @Test
  void legacyLayoutsMapToTheirDefinitions() {
    ParameterBlock block = new ParameterBlock();
    Conv2dDown conv = new Conv2dDown(block, 2, 3, false);
    ConvTranspose2dUp up = new ConvTranspose2dUp(block, 3, 2, false);
    block.allocate(DataType.DOUBLE, null);
    int convLength = 2 * 25 * 3;
    double[] legacy = new double[convLength + 3 * 2 * 25];
    for (int c = 0; c < 2; c++) {
      for (int k = 0; k < 25; k++) {
        for (int o = 0; o < 3; o++) {
          legacy[(c * 25 + k) * 3 + o] = 1000 + c * 100 + k + o * 0.01;
        }
      }
    }
    for (int i = 0; i < 3; i++) {
      for (int o = 0; o < 2; o++) {
        for (int k = 0; k < 25; k++) {
          legacy[convLength + i * 50 + o * 25 + k] = 5000 + i * 100 + k + o * 0.01;
        }
      }
    }
    INDArray converted = block.fromLegacyLayout(Nd4j.createFromArray(legacy).reshape(1, legacy.length));
    INDArray convWeights = converted.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, convLength)).reshape(5, 5, 2, 3);
    INDArray upWeights = converted.get(NDArrayIndex.point(0), NDArrayIndex.interval(convLength, legacy.length))
        .reshape(5, 5, 2, 3);
    for (int ky = 0; ky < 5; ky++) {
      for (int kx = 0; kx < 5; kx++) {
        int k = ky * 5 + kx;
        assertEquals(1000 + 100 + k + 2 * 0.01, convWeights.getDouble(ky, kx, 1, 2), 1e-9);
        assertEquals(1000 + k, convWeights.getDouble(ky, kx, 0, 0), 1e-9);
        assertEquals(5000 + 200 + k + 0.01, upWeights.getDouble(ky, kx, 1, 2), 1e-9);
        assertEquals(5000 + k, upWeights.getDouble(ky, kx, 0, 0), 1e-9);
      }
    }
    assertEquals(Nd4j.createFromArray(legacy).reshape(1, legacy.length), block.toLegacyLayout(converted));
  }

  @Test
  void loadingForAnotherArchitectureFailsNamingTheMismatch() throws IOException {
    byte[] bytes = save(trained, new TrainingPosition(3, 0, ""));
    UserException size = assertThrows(UserException.class,
        () -> Checkpoint.read(new ByteArrayInputStream(bytes), SPEC.withSize(64, 112)));
    assertTrue(size.getMessage().contains("frame size 32x48 vs 64x112"), size.getMessage());
    ModelSpec wider = new ModelSpec(32, 48, 3, 8, 16, 2.5, 2e-4, 11L);
    UserException filters = assertThrows(UserException.class,
        () -> Checkpoint.read(new ByteArrayInputStream(bytes), wider));
    assertTrue(filters.getMessage().contains("model.filters 4 vs 8"), filters.getMessage());
    assertTrue(filters.getMessage().contains("model.latent 8 vs 16"), filters.getMessage());
    // a compatible spec with other training choices loads, keeping the weights
    ModelSpec otherChoices = new ModelSpec(32, 48, 3, 4, 8, 1.0, 1e-3, 11L).withOptimizer(ModelSpec.RMSPROP);
    VaeGan warm = Checkpoint.read(new ByteArrayInputStream(bytes), otherChoices).model();
    assertEquals(otherChoices, warm.spec());
    assertEquals(trained.reconstruct(frames), warm.reconstruct(frames));
  }

  @Test
  void garbageAndTruncatedFilesFailClearly() throws IOException {
    UserException garbage = assertThrows(UserException.class,
        () -> Checkpoint.read(new ByteArrayInputStream("not a model at all".getBytes())));
    assertTrue(garbage.getMessage().contains("not an autoencoded model checkpoint"), garbage.getMessage());
    byte[] bytes = save(trained, new TrainingPosition(0, 0, ""));
    byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);
    assertThrows(RuntimeException.class, () -> Checkpoint.read(new ByteArrayInputStream(truncated)));
  }

  @Test
  void flatParametersAndUpdaterStateRoundTrip() {
    VaeGan other = VaeGan.create(SPEC.withSeed(99));
    assertNotEquals(trained.parameters(), other.parameters());
    other.setParameters(trained.parameters());
    other.setUpdaterState(trained.updaterState());
    assertEquals(trained.parameters(), other.parameters());
    assertEquals(trained.updaterState(), other.updaterState());
    assertEquals(trained.reconstruct(frames), other.reconstruct(frames));
    long total = trained.trainableParameterCount();
    assertTrue(trained.parameters().length() > total);
    // Adam keeps two moments per trainable parameter
    assertEquals(2 * total, trained.updaterState().length());
    // parameters() is a copy: changing it leaves the model alone
    INDArray copy = trained.parameters();
    copy.addi(1);
    assertNotEquals(copy, trained.parameters());
    assertThrows(IllegalArgumentException.class, () -> other.setParameters(Nd4j.zeros(DataType.FLOAT, 1, 10)));
  }
}
