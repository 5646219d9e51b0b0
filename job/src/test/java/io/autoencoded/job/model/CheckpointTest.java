package io.autoencoded.job.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
