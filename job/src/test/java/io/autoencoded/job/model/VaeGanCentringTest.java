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
 * {@code model.centring = mean-frame}: the encoder sees the frames minus the centre, the decoder draws the difference
 * from it, the discriminator sees frames; the finite-difference checks of the routes are in {@link VaeGanGradientTest}.
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
    return Nd4j.rand(DataType.DOUBLE, 1, 3, 16, 32).muli(1.9).subi(0.95);
  }

  /** The trained parameters and statistics: a centred model's flat vector without its trailing centre. */
  private static INDArray networkParameters(VaeGan model, long count) {
    return model.parameters().get(NDArrayIndex.point(0), NDArrayIndex.interval(0, count)).dup();
  }

  @Test
  void theEncoderSeesTheFramesMinusTheCentreAndTheDecoderDrawsTheDifference() {
    VaeGan plain = VaeGan.create(PLAIN, DataType.DOUBLE);
    VaeGan centred = VaeGan.create(CENTRED, DataType.DOUBLE);
    INDArray c = centre();
    centred.setCentre(c);
    long count = plain.parameters().length();
    assertEquals(count + c.length(), centred.parameters().length(), "the centre is kept with the parameters");
    assertEquals(0, networkParameters(centred, count).distance2(plain.parameters()), 0.0, "same initial weights");

    INDArray x = frames(7, 5);
    INDArray shifted = x.sub(c.broadcast(x.shape()));
    assertTrue(centred.encode(x).distance2(plain.encode(shifted)) < 1e-9, "encode(x) = plain encode(x - centre)");
    INDArray z = Nd4j.randn(DataType.DOUBLE, 5, 6);
    INDArray unclipped = plain.decode(z).add(c.broadcast(5, 3, 16, 32));
    assertTrue(Transforms.abs(unclipped).maxNumber().doubleValue() > 1, "the test reaches the clipping");
    INDArray expected = Transforms.min(Transforms.max(unclipped, -1.0), 1.0);
    assertTrue(centred.decode(z).distance2(expected) < 1e-9, "decode(z) = plain decode(z) + centre, clipped");
    INDArray reconstructed = centred.reconstruct(x);
    assertTrue(reconstructed.minNumber().doubleValue() >= -1 && reconstructed.maxNumber().doubleValue() <= 1,
        "reconstructions stay in [-1, 1]");

    for (int step = 0; step < 2; step++) {
      centred.trainStep(frames(100 + step, 4));
    }
    assertEquals(0, centred.centre().distance2(c), 1e-12, "training leaves the centre alone");
  }

  @Test
  void aZeroCentreTrainsExactlyAsTheModelWithoutOne() {
    VaeGan plain = VaeGan.create(PLAIN, DataType.DOUBLE);
    VaeGan centred = VaeGan.create(CENTRED, DataType.DOUBLE);
    for (int step = 0; step < 3; step++) {
      INDArray x = frames(200 + step, 4);
      plain.trainStep(x);
      centred.trainStep(x);
    }
    long count = plain.parameters().length();
    assertEquals(0, networkParameters(centred, count).distance2(plain.parameters()), 1e-12);
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
