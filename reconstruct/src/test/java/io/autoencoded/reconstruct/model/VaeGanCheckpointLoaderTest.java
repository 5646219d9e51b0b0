package io.autoencoded.reconstruct.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.VaeGan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The default loader reads what training writes. Training's checkpoint format lands on its own branch: until
 * it is in this build the round trip is skipped (the refusal of garbage is checked either way).
 */
class VaeGanCheckpointLoaderTest {
  @Test
  void refusesBytesThatAreNotACheckpoint() {
    assertThrows(Exception.class, () -> new VaeGanCheckpointLoader().load(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
  }

  @Test
  void readsTheModelTrainingWrote() throws Exception {
    Class<?> format;
    Class<?> state;
    try {
      format = Class.forName(VaeGanCheckpointLoader.TRAIN_FORMAT);
      state = Class.forName("io.autoencoded.job.train.ModelState");
    } catch (ClassNotFoundException e) {
      Assumptions.abort("training's checkpoint format is not in this build yet");
      return;
    }
    ModelSpec spec = new ModelSpec(64, 112, 3, 8, 16, 2.5, 2e-4, 11L);
    VaeGan model = VaeGan.create(spec);
    float[] params = model.parameters().castTo(DataType.FLOAT).data().asFloat();
    float[] updater = model.updaterState().castTo(DataType.FLOAT).data().asFloat();
    Object s = state.getConstructor(ModelSpec.class, float[].class, float[].class, long.class)
        .newInstance(spec, params, updater, 3L);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    format.getMethod("write", state, OutputStream.class).invoke(null, s, bytes);

    ReconstructionModel loaded = new VaeGanCheckpointLoader().load(bytes.toByteArray());
    assertEquals(64, loaded.height());
    assertEquals(112, loaded.width());
    INDArray frames = Nd4j.rand(DataType.FLOAT, 2, 3, 64, 112).muli(2).subi(1);
    assertArrayEquals(model.encode(frames).data().asFloat(), loaded.encode(frames).data().asFloat(), 1e-6f);
    INDArray z = model.encode(frames);
    assertArrayEquals(model.decode(z).data().asFloat(), loaded.decode(z).data().asFloat(), 1e-6f);
  }

  @Test
  void aTruncatedCheckpointIsAnError() throws Exception {
    Assumptions.assumeTrue(exists(VaeGanCheckpointLoader.TRAIN_FORMAT), "training's format not in this build");
    assertThrows(IOException.class, () -> new VaeGanCheckpointLoader().load(new byte[] {0x41, 0x45, 0x43, 0x50, 0, 0}));
  }

  private static boolean exists(String name) {
    try {
      Class.forName(name);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
