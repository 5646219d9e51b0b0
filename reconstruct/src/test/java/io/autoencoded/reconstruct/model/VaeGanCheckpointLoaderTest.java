package io.autoencoded.reconstruct.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.VaeGan;
import io.autoencoded.job.train.CheckpointFormat;
import io.autoencoded.job.train.ModelState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The default loader reads exactly what training writes (through training's CheckpointFormat). */
public class VaeGanCheckpointLoaderTest {
  public static byte[] checkpointOf(VaeGan model) throws IOException {
    ModelState state = new ModelState(model.spec(), model.parameters().castTo(DataType.FLOAT).data().asFloat(),
        model.updaterState().castTo(DataType.FLOAT).data().asFloat(), 3L);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CheckpointFormat.write(state, bytes);
    return bytes.toByteArray();
  }

  @Test
  void readsTheModelTrainingWrote() throws Exception {
    VaeGan model = VaeGan.create(new ModelSpec(64, 112, 3, 8, 16, 2.5, 2e-4, 11L));
    ReconstructionModel loaded = new VaeGanCheckpointLoader().load(checkpointOf(model));
    assertEquals(64, loaded.height());
    assertEquals(112, loaded.width());
    INDArray frames = Nd4j.rand(DataType.FLOAT, 2, 3, 64, 112).muli(2).subi(1);
    INDArray z = model.encode(frames);
    assertArrayEquals(z.data().asFloat(), loaded.encode(frames).data().asFloat(), 1e-6f);
    assertArrayEquals(model.decode(z).data().asFloat(), loaded.decode(z).data().asFloat(), 1e-6f);
  }

  @Test
  void refusesGarbageAndTruncatedCheckpoints() throws Exception {
    // an IOException or the format's own UserException: ReconstructJob turns either into one line naming the file
    assertThrows(Exception.class, () -> new VaeGanCheckpointLoader().load(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
    byte[] whole = checkpointOf(VaeGan.create(new ModelSpec(64, 112, 3, 8, 16, 2.5, 2e-4, 1L)));
    assertThrows(Exception.class, () -> new VaeGanCheckpointLoader().load(Arrays.copyOf(whole, whole.length / 2)));
  }
}
