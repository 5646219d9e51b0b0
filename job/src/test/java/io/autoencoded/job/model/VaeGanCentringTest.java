package io.autoencoded.job.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code model.centring = mean-frame} is the uncentred model run on the frames minus the centre: the same weights
 * see the same inputs, train the same way, and draw the same pictures, shifted back by the centre.
 */
class VaeGanCentringTest {
  private static final ModelSpec PLAIN = new ModelSpec(16, 32, 3, 4, 6, 2.5, 1e-3, 11L)
      .withUpsampling(ModelSpec.RESIZE_CONV).withDiscriminatorBatches(ModelSpec.SEPARATE).withGanWeight(1e-4);
  private static final ModelSpec CENTRED = PLAIN.withCentring(ModelSpec.MEAN_FRAME);

  private static INDArray frames(long seed, int n) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.DOUBLE, n, 3, 16, 32).muli(1.6).subi(0.8);
  }

  private static INDArray centre() {
    Nd4j.getRandom().setSeed(5);
    return Nd4j.rand(DataType.DOUBLE, 1, 3, 16, 32).muli(0.8).subi(0.4);
  }

  /** The trained parameters and statistics: a centred model's flat vector without its trailing centre. */
  private static INDArray networkParameters(VaeGan model, long count) {
    return model.parameters().get(NDArrayIndex.point(0), NDArrayIndex.interval(0, count)).dup();
  }

  @Test
  void aCentredModelIsThePlainModelOnTheFramesMinusTheCentre() {
    VaeGan plain = VaeGan.create(PLAIN, DataType.DOUBLE);
    VaeGan centred = VaeGan.create(CENTRED, DataType.DOUBLE);
    INDArray c = centre();
    centred.setCentre(c);
    long count = plain.parameters().length();
    assertEquals(count + c.length(), centred.parameters().length(), "the centre is kept with the parameters");
    assertEquals(0, networkParameters(centred, count).distance2(plain.parameters()), 0.0, "same initial weights");

    for (int step = 0; step < 3; step++) {
      INDArray x = frames(100 + step, 4);
      plain.trainStep(x.sub(c.broadcast(x.shape())));
      centred.trainStep(x);
    }
    INDArray trained = networkParameters(centred, count);
    assertTrue(trained.distance2(plain.parameters()) < 1e-9 * plain.parameters().norm2Number().doubleValue(),
        "three training steps on x give the plain model's weights after three on x - centre");
    assertEquals(0, centred.centre().distance2(c), 1e-12, "training leaves the centre alone");

    INDArray x = frames(7, 5);
    INDArray shifted = x.sub(c.broadcast(x.shape()));
    assertTrue(centred.encode(x).distance2(plain.encode(shifted)) < 1e-9, "encode(x) = plain encode(x - centre)");
    INDArray z = Nd4j.randn(DataType.DOUBLE, 5, 6);
    INDArray expected = Transforms.min(Transforms.max(plain.decode(z).add(c.broadcast(5, 3, 16, 32)), -1.0), 1.0);
    assertTrue(centred.decode(z).distance2(expected) < 1e-9, "decode(z) = plain decode(z) + centre, clipped");
    double lowest = centred.reconstruct(x).minNumber().doubleValue();
    double highest = centred.reconstruct(x).maxNumber().doubleValue();
    assertTrue(lowest >= -1 && highest <= 1, "reconstructions stay in [-1, 1]: " + lowest + ".." + highest);
  }

  @Test
  void theCentreTravelsWithTheCheckpointAndItsInferenceModel() throws IOException {
    VaeGan model = VaeGan.create(CENTRED);
    model.setCentre(centre().castTo(DataType.FLOAT));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Checkpoint.write(model, new TrainingPosition(0, 0, "{}"), out);

    LoadedCheckpoint loaded = Checkpoint.read(new ByteArrayInputStream(out.toByteArray()));
    assertEquals(ModelSpec.MEAN_FRAME, loaded.model().spec().centring());
    assertEquals(0, loaded.model().centre().distance2(model.centre()), 0.0);
    VaeGan inference = Checkpoint.readForInference(new ByteArrayInputStream(Checkpoint.weightsOnly(out.toByteArray())));
    INDArray x = frames(3, 2).castTo(DataType.FLOAT);
    assertEquals(0, inference.reconstruct(x).distance2(model.reconstruct(x)), 1e-6);

    assertThrows(io.autoencoded.job.cli.UserException.class,
        () -> Checkpoint.read(new ByteArrayInputStream(out.toByteArray()), CENTRED.withCentring(ModelSpec.NONE)),
        "a centred model does not load into an uncentred run");
  }

  @Test
  void aModelWithoutCentringRefusesACentre() {
    VaeGan plain = VaeGan.create(PLAIN);
    assertNull(plain.centre());
    assertThrows(IllegalStateException.class, () -> plain.setCentre(centre().castTo(DataType.FLOAT)));
  }
}
