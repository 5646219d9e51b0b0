package io.autoencoded.job.model.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.autoencoded.job.model.Checkpoint;
import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.StepLosses;
import io.autoencoded.job.model.VaeGan;
import io.autoencoded.job.model.VaeGanRoutes;
import io.autoencoded.job.train.LossTotals;
import io.autoencoded.job.train.ModelState;
import io.autoencoded.job.train.ParameterAverager;
import io.autoencoded.job.train.ReplicaResult;
import io.autoencoded.job.train.TorchReplica;
import io.autoencoded.job.train.TrainableModel;
import io.autoencoded.job.train.VaeGanReplica;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The torch engine computes what the ND4J engine computes: for the same parameters and noise, the forward passes,
 * the losses, the three routes' gradients and whole training steps agree in double precision on both sides, and in
 * single precision as closely as float rounding lets ND4J agree with itself; parameter averages over a mix of
 * engines equal the ND4J average, and checkpoints move between the engines.
 *
 * <p>Tolerances (relative to the largest value compared): forward passes and losses 1e-9 (measured: 1e-15; the
 * engines sum in different orders, nothing else may differ); gradients and parameters after training steps 1e-7
 * (measured: up to 1e-8; the encoder's gradient reaches it through the batch norms of a few frames' codes, whose
 * small spread amplifies rounding by about 1e7, in both engines alike). Both engines share this JVM (DJL's libtorch beside ND4J's and
 * JavaCV's JavaCPP 1.5.7). Small models on the CPU build of libtorch 2.5.1, the version of the GPU build; on a CPU the
 * torch engine computes in double even when asked for single precision (see {@link TorchVaeGan}), so there the
 * single-precision check compares a double computation rounded to float.
 */
class TorchParityTest {
  private static final int N = 3;
  private static final double DOUBLE_TOLERANCE = 1e-9;
  private static final double GRADIENT_TOLERANCE = 1e-7;
  /** The CPU here and in CI; {@code -Dautoencoded.torch.device=gpu} runs the same checks on a GPU. */
  private static final Device DEVICE = TorchRuntime.device();
  private static final java.util.List<TorchVaeGan> OPEN = new java.util.ArrayList<>();

  /** The project's defaults (conf/application.conf) at a small size: 32×64 frames, 4 filters, latent 8. */
  static ModelSpec defaults() {
    return new ModelSpec(32, 64, 3, 4, 8, 2.5, 1e-3, 7L, ModelSpec.ADAM, 0.9, ModelSpec.ALL, false, 0.68, 0.35,
        ModelSpec.NON_SATURATING, 0, 1e-4, ModelSpec.PIXELS, ModelSpec.SEPARATE, ModelSpec.RESIZE_CONV, ModelSpec.NONE);
  }

  /** The defaults, and every other value of each option the objective or the architecture has. */
  static Stream<Arguments> variants() {
    ModelSpec d = defaults();
    return Stream.of(
        Arguments.of("defaults", d),
        Arguments.of("saturating, pixel term, joint batches, GAN weight 0.05",
            d.withGeneratorLoss(ModelSpec.SATURATING).withPixelWeight(3).withDiscriminatorBatches(ModelSpec.JOINT)
                .withGanWeight(0.05)),
        Arguments.of("last layer, features normalisation, transposed convolutions",
            d.withSimilarityLayers(ModelSpec.LAST).withSimilarityNormalisation(ModelSpec.FEATURES)
                .withUpsampling(ModelSpec.TRANSPOSED)),
        Arguments.of("centred on a mean frame, pixel term", d.withCentring(ModelSpec.MEAN_FRAME).withPixelWeight(1)));
  }

  @AfterAll
  static void closeModels() {
    OPEN.forEach(TorchVaeGan::close);
  }

  private record Pair(VaeGan nd4j, TorchVaeGan torch) {}

  /**
   * An ND4J model trained two steps (weights, running statistics and Adam's moments no longer the initial ones)
   * and a torch model given its state through the flat vectors.
   */
  private static Pair pair(ModelSpec spec, DataType type) {
    VaeGan nd4j = VaeGan.create(spec, type);
    if (ModelSpec.MEAN_FRAME.equals(spec.centring())) {
      // a centre reaching -0.95..0.95, so that the pictures leaving the model are clipped somewhere
      nd4j.setCentre(Nd4j.rand(type, 1, 3, spec.height(), spec.width()).muli(1.9).subi(0.95));
    }
    for (int step = 0; step < 2; step++) {
      nd4j.trainStep(frames(spec, 100 + step, type));
    }
    TorchVaeGan torch = TorchVaeGan.create(spec, type, DEVICE);
    OPEN.add(torch);
    torch.setParameters(nd4j.parameters());
    torch.setUpdaterState(nd4j.updaterState());
    torch.setIteration(nd4j.iteration());
    return new Pair(nd4j, torch);
  }

  private static INDArray frames(ModelSpec spec, long seed, DataType type) {
    return VaeGanRoutes.frames(N, spec.height(), spec.width(), seed).castTo(type);
  }

  private static INDArray gaussian(long seed, DataType type, long... shape) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.randn(type, shape);
  }

  /** max |expected − actual| over max |expected|; fails on an all-zero expectation, which would prove nothing. */
  static double relativeError(INDArray expected, INDArray actual) {
    assertArrayEquals(expected.shape(), actual.shape(), "shapes differ");
    double scale = expected.amaxNumber().doubleValue();
    assertTrue(scale > 0, "the expected values are all zero: the comparison would prove nothing");
    return expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() / scale;
  }

  private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
    double error = relativeError(expected, actual);
    System.out.println(what + ": relative error " + error);
    assertTrue(error <= tolerance, what + " differs between the engines: relative error " + error);
  }

  private static final String[] ROUTES = {"encoder", "decoder", "discriminator"};

  /** The three routes' gradients compared, all printed before any fails. */
  private static void assertCloseAll(String label, double tolerance, INDArray[] expected, INDArray[] actual) {
    double[] errors = new double[ROUTES.length];
    for (int r = 0; r < ROUTES.length; r++) {
      errors[r] = relativeError(expected[r], actual[r]);
      System.out.println(label + " " + ROUTES[r] + " gradient: relative error " + errors[r]);
    }
    for (int r = 0; r < ROUTES.length; r++) {
      assertTrue(errors[r] <= tolerance, label + " " + ROUTES[r] + " gradient differs between the engines: "
          + "relative error " + errors[r]);
    }
  }

  private static void assertClose(double expected, double actual, double tolerance, String what) {
    double error = Math.abs(expected - actual) / Math.max(Math.abs(expected), 1e-300);
    System.out.println(what + ": " + expected + " vs " + actual);
    assertTrue(error <= tolerance, what + " differs between the engines: " + expected + " vs " + actual);
  }

  @Test
  void theLayoutsHaveTheSameSize() {
    ModelSpec spec = defaults();
    VaeGan nd4j = VaeGan.create(spec);
    TorchVaeGan torch = TorchVaeGan.create(spec, DataType.FLOAT, DEVICE);
    OPEN.add(torch);
    assertEquals(nd4j.trainableParameterCount(), torch.trainableParameterCount());
    assertEquals(nd4j.parameters().length(), torch.parameters().length());
    assertEquals(nd4j.updaterState().length(), torch.updaterState().length());
    // one initialisation for both engines
    assertEquals(0, relativeError(nd4j.parameters(), torch.parameters()));
  }

  @Test
  void encodeDecodeAndReconstructMatchInDoublePrecision() {
    ModelSpec spec = defaults();
    Pair p = pair(spec, DataType.DOUBLE);
    INDArray x = frames(spec, 1, DataType.DOUBLE);
    INDArray z = gaussian(2, DataType.DOUBLE, N, spec.latent());
    assertClose(p.nd4j().encode(x), p.torch().encode(x), DOUBLE_TOLERANCE, "encode");
    assertClose(p.nd4j().decode(z), p.torch().decode(z), DOUBLE_TOLERANCE, "decode");
    assertClose(p.nd4j().reconstruct(x), p.torch().reconstruct(x), DOUBLE_TOLERANCE, "reconstruct");
  }

  @Test
  void aCentredModelEncodesDecodesAndReconstructsTheSame() {
    ModelSpec spec = defaults().withCentring(ModelSpec.MEAN_FRAME);
    Pair p = pair(spec, DataType.DOUBLE);
    assertEquals(0, relativeError(p.nd4j().parameters(), p.torch().parameters()), "the centre travels in the vector");
    INDArray x = frames(spec, 1, DataType.DOUBLE);
    INDArray z = gaussian(2, DataType.DOUBLE, N, spec.latent());
    assertClose(p.nd4j().encode(x), p.torch().encode(x), DOUBLE_TOLERANCE, "centred encode");
    assertClose(p.nd4j().decode(z), p.torch().decode(z), DOUBLE_TOLERANCE, "centred decode");
    assertClose(p.nd4j().reconstruct(x), p.torch().reconstruct(x), DOUBLE_TOLERANCE, "centred reconstruct");
    INDArray centre = p.nd4j().centre();
    p.torch().setCentre(centre.mul(0.5));
    p.nd4j().setCentre(centre.mul(0.5));
    assertClose(p.nd4j().decode(z), p.torch().decode(z), DOUBLE_TOLERANCE, "decode after setCentre");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void lossesAndTheThreeRoutesGradientsMatchInDoublePrecision(String label, ModelSpec spec) {
    Pair p = pair(spec, DataType.DOUBLE);
    INDArray x = frames(spec, 3, DataType.DOUBLE);
    INDArray eps = gaussian(4, DataType.DOUBLE, N, spec.latent());
    INDArray zPrior = gaussian(5, DataType.DOUBLE, N, spec.latent());
    VaeGanRoutes.Result expected = VaeGanRoutes.of(p.nd4j(), x, eps, zPrior);
    TorchVaeGan.Gradients actual = p.torch().gradients(x, eps, zPrior);
    TorchVaeGan.Losses l = actual.losses();
    assertClose(expected.prior(), l.prior(), DOUBLE_TOLERANCE, label + " L_prior");
    assertClose(expected.llike(), l.llike(), DOUBLE_TOLERANCE, label + " L_llike");
    assertClose(expected.ganReal(), l.ganReal(), DOUBLE_TOLERANCE, label + " L_GAN real");
    assertClose(expected.ganFake(), l.ganFake(), DOUBLE_TOLERANCE, label + " L_GAN fake");
    assertClose(expected.generator(), l.generator(), DOUBLE_TOLERANCE, label + " L_GEN");
    assertClose(expected.pixelMse(), l.pixelMse(), DOUBLE_TOLERANCE, label + " pixel MSE");
    assertCloseAll(label, GRADIENT_TOLERANCE,
        new INDArray[] {expected.encoder(), expected.decoder(), expected.discriminator()},
        new INDArray[] {actual.encoder(), actual.decoder(), actual.discriminator()});
    // the evaluation path (no gradients) measures the same
    assertClose(expected.llike(), p.torch().evaluate(x, eps, zPrior).llike(), DOUBLE_TOLERANCE, label + " evaluate");
  }

  /** Adam (the default) and RMSProp with equilibrium gating at a margin that makes it skip updates. */
  static Stream<Arguments> training() {
    ModelSpec d = defaults();
    ModelSpec gated = new ModelSpec(d.height(), d.width(), 3, d.filters(), d.latent(), d.gamma(), d.learningRate(),
        d.seed(), ModelSpec.RMSPROP, d.beta1(), ModelSpec.ALL, true, 0.69, 0.001, ModelSpec.NON_SATURATING, 0,
        0.05, ModelSpec.PIXELS, ModelSpec.SEPARATE, ModelSpec.RESIZE_CONV, ModelSpec.NONE);
    return Stream.of(Arguments.of("adam", d), Arguments.of("rmsprop, equilibrium gating", gated),
        Arguments.of("adam, centred on a mean frame", d.withCentring(ModelSpec.MEAN_FRAME)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("training")
  void trainingStepsLeaveTheSameParametersAndOptimizerState(String label, ModelSpec spec) {
    Pair p = pair(spec, DataType.DOUBLE);
    p.nd4j().reseedNoise(11);
    p.torch().reseedNoise(11);
    boolean skipped = false;
    for (int step = 0; step < 3; step++) {
      INDArray x = frames(spec, 20 + step, DataType.DOUBLE);
      StepLosses a = p.nd4j().trainStep(x);
      StepLosses b = p.torch().trainStep(x);
      assertClose(a.llike(), b.llike(), GRADIENT_TOLERANCE, label + " step " + step + " L_llike");
      assertClose(a.gan(), b.gan(), GRADIENT_TOLERANCE, label + " step " + step + " L_GAN");
      assertEquals(a.decoderSkipped(), b.decoderSkipped(), "decoder gating, step " + step);
      assertEquals(a.discriminatorSkipped(), b.discriminatorSkipped(), "discriminator gating, step " + step);
      skipped |= a.decoderSkipped() || a.discriminatorSkipped();
    }
    if (spec.equilibrium()) {
      assertTrue(skipped, "the gated variant skipped no update: it tested no gating");
    }
    assertEquals(p.nd4j().iteration(), p.torch().iteration());
    assertClose(p.nd4j().parameters(), p.torch().parameters(), GRADIENT_TOLERANCE, label + " parameters");
    assertClose(p.nd4j().updaterState(), p.torch().updaterState(), GRADIENT_TOLERANCE, label + " optimizer state");
  }

  /**
   * What training runs in: single precision. Forward passes agree to float rounding (1e-4 of the largest value);
   * each route's float gradient is as close to the exact (double-precision) gradient in the torch engine as in ND4J
   * (within twice ND4J's own error, or 1e-4): the encoder's route is ill-conditioned at this state (see above), so
   * float gradients of either engine are far from exact there, and from each other.
   */
  @Test
  void singlePrecisionIsAsAccurateAsNd4js() {
    ModelSpec spec = defaults();
    Pair p = pair(spec, DataType.FLOAT);
    INDArray x = frames(spec, 6, DataType.FLOAT);
    assertClose(p.nd4j().reconstruct(x), p.torch().reconstruct(x), 1e-4, "float reconstruct");
    INDArray eps = gaussian(7, DataType.FLOAT, N, spec.latent());
    INDArray zPrior = gaussian(8, DataType.FLOAT, N, spec.latent());
    VaeGanRoutes.Result nd4j = VaeGanRoutes.of(p.nd4j(), x, eps, zPrior);
    TorchVaeGan.Gradients torch = p.torch().gradients(x, eps, zPrior);
    VaeGan reference = VaeGan.create(spec, DataType.DOUBLE);
    reference.setParameters(p.nd4j().parameters());
    VaeGanRoutes.Result exact = VaeGanRoutes.of(reference, x.castTo(DataType.DOUBLE), eps.castTo(DataType.DOUBLE),
        zPrior.castTo(DataType.DOUBLE));
    INDArray[] exactRoutes = {exact.encoder(), exact.decoder(), exact.discriminator()};
    INDArray[] nd4jRoutes = {nd4j.encoder(), nd4j.decoder(), nd4j.discriminator()};
    INDArray[] torchRoutes = {torch.encoder(), torch.decoder(), torch.discriminator()};
    double[] nd4jErrors = new double[ROUTES.length];
    double[] torchErrors = new double[ROUTES.length];
    for (int r = 0; r < ROUTES.length; r++) {
      nd4jErrors[r] = relativeError(exactRoutes[r], nd4jRoutes[r]);
      torchErrors[r] = relativeError(exactRoutes[r], torchRoutes[r]);
      System.out.println("float " + ROUTES[r] + " gradient against the exact one: ND4J " + nd4jErrors[r] + ", torch "
          + torchErrors[r]);
    }
    for (int r = 0; r < ROUTES.length; r++) {
      double nd4jError = nd4jErrors[r];
      double torchError = torchErrors[r];
      assertTrue(torchError <= Math.max(2 * nd4jError, 1e-4), "the torch engine's float " + ROUTES[r]
          + " gradient is less accurate than ND4J's: " + torchError + " vs " + nd4jError);
    }
  }

  /**
   * One round of parameter averaging over an ND4J replica and a torch replica gives what it gives over two ND4J
   * replicas (the averager works on float vectors: to float rounding).
   */
  @Test
  void averagingAMixOfEnginesEqualsAveragingNd4jReplicas() {
    ModelSpec spec = defaults();
    VaeGan start = VaeGan.create(spec, DataType.DOUBLE);
    start.trainStep(frames(spec, 30, DataType.DOUBLE));
    ModelState state = ModelState.of(new VaeGanReplica(start));
    TorchVaeGan torch = TorchVaeGan.create(spec, DataType.DOUBLE, DEVICE);
    OPEN.add(torch);

    ModelState nd4jOnly = average(state, new VaeGanReplica(VaeGan.create(spec, DataType.DOUBLE)),
        new VaeGanReplica(VaeGan.create(spec, DataType.DOUBLE)));
    ModelState mixed = average(state, new VaeGanReplica(VaeGan.create(spec, DataType.DOUBLE)),
        new TorchReplica(torch));
    assertEquals(nd4jOnly.iteration(), mixed.iteration());
    assertClose(Nd4j.createFromArray(nd4jOnly.parameters()), Nd4j.createFromArray(mixed.parameters()), 1e-6,
        "averaged parameters");
    assertClose(Nd4j.createFromArray(nd4jOnly.updaterState()), Nd4j.createFromArray(mixed.updaterState()), 1e-6,
        "averaged optimizer state");
    // the round changed the model: the averages are not just the starting state
    assertTrue(relativeError(Nd4j.createFromArray(state.parameters()), Nd4j.createFromArray(mixed.parameters()))
        > 1e-5, "the replicas' steps left the parameters unchanged");
  }

  /** Two replicas from {@code state}, each with its own noise and minibatch, one step each, averaged. */
  private static ModelState average(ModelState state, TrainableModel first, TrainableModel second) {
    ParameterAverager averager = new ParameterAverager();
    TrainableModel[] replicas = {first, second};
    for (int r = 0; r < replicas.length; r++) {
      state.applyTo(replicas[r]);
      replicas[r].reseedNoise(1000 + r);
      StepLosses losses = replicas[r].trainStep(frames(state.spec(), 40 + r, DataType.DOUBLE));
      ModelState after = ModelState.of(replicas[r]);
      averager.add(new ReplicaResult(after.parameters(), after.updaterState(), after.iteration(),
          LossTotals.ZERO.plus(losses), N, 0));
    }
    return averager.average(state.spec());
  }

  /** A model trained by the torch engine is written as the ND4J engine writes one, and reads back into ND4J. */
  @Test
  void aTorchTrainedCheckpointReconstructsTheSameFramesInNd4j() throws Exception {
    ModelSpec spec = defaults();
    TorchVaeGan torch = TorchVaeGan.create(spec, DataType.FLOAT, DEVICE);
    OPEN.add(torch);
    torch.trainStep(frames(spec, 50, DataType.FLOAT));
    torch.trainStep(frames(spec, 51, DataType.FLOAT));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TorchReplica.Factory.INSTANCE.writeCheckpoint(ModelState.of(new TorchReplica(torch)), 2, 1, "", bytes);
    VaeGan nd4j = Checkpoint.read(new ByteArrayInputStream(bytes.toByteArray())).model();
    assertEquals(2, nd4j.iteration());
    assertClose(torch.parameters(), nd4j.parameters(), 0, "parameters through the checkpoint");
    assertClose(torch.updaterState(), nd4j.updaterState(), 0, "optimizer state through the checkpoint");
    INDArray x = frames(spec, 52, DataType.FLOAT);
    assertClose(torch.reconstruct(x), nd4j.reconstruct(x), 1e-4, "frames reconstructed after the move");
  }

  /** And the reverse: an ND4J checkpoint loads into the torch engine, for inference and to train on. */
  @Test
  void anNd4jCheckpointReconstructsTheSameFramesAndResumesTrainingInTorch() throws Exception {
    ModelSpec spec = defaults();
    VaeGan nd4j = VaeGan.create(spec, DataType.FLOAT);
    nd4j.trainStep(frames(spec, 60, DataType.FLOAT));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    VaeGanReplica.Factory.INSTANCE.writeCheckpoint(ModelState.of(new VaeGanReplica(nd4j)), 1, 1, "", bytes);
    ModelState read = io.autoencoded.job.train.CheckpointFormat.read(new ByteArrayInputStream(bytes.toByteArray()),
        "the checkpoint");
    TorchVaeGan inference = TorchVaeGan.forInference(read.spec(), DataType.FLOAT,
        Nd4j.createFromArray(read.parameters()), DEVICE);
    OPEN.add(inference);
    INDArray x = frames(spec, 61, DataType.FLOAT);
    assertClose(nd4j.reconstruct(x), inference.reconstruct(x), 1e-4, "frames reconstructed after the move");
    TorchReplica training = (TorchReplica) TorchReplica.Factory.INSTANCE.create(read.spec());
    OPEN.add(training.model());
    read.applyTo(training);
    assertEquals(1, training.iteration());
    assertClose(nd4j.updaterState(), training.updaterState(), 0, "optimizer state through the checkpoint");
    // and the next step is the step ND4J takes (single precision against double: to float rounding)
    nd4j.reseedNoise(5);
    training.reseedNoise(5);
    INDArray next = frames(spec, 62, DataType.FLOAT);
    nd4j.trainStep(next);
    training.trainStep(next);
    assertClose(nd4j.parameters(), training.parameters(), 1e-4, "parameters after a step resumed in torch");
  }
}
