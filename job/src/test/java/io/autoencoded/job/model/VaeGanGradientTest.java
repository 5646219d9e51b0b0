package io.autoencoded.job.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference checks, in double precision on a tiny model, that each network's gradient is the gradient of
 * its own objective (Larsen's three routes), and controls proving the check notices a mixed route.
 */
class VaeGanGradientTest {
  private static final double H = 1e-6;
  private static final int SAMPLES = 60;

  private record Setup(VaeGan model, INDArray x, INDArray eps, INDArray zPrior) {
    VaeGan.Losses losses() {
      return model.evaluate(x, eps, zPrior);
    }
  }

  private static Setup setup(String similarity) {
    return setup(new ModelSpec(16, 32, 3, 3, 3, 2.5, 2e-4, 7L).withSimilarityLayers(similarity));
  }

  private static Setup setup(ModelSpec spec) {
    VaeGan model = VaeGan.create(spec, DataType.DOUBLE);
    Nd4j.getRandom().setSeed(123);
    int n = 3;
    INDArray x = Nd4j.rand(DataType.DOUBLE, n, 16, 32, 3).muli(2).subi(1);
    INDArray eps = Nd4j.randn(DataType.DOUBLE, n, 3);
    INDArray zPrior = Nd4j.randn(DataType.DOUBLE, n, 3);
    return new Setup(model, x, eps, zPrior);
  }

  /** Largest relative error between the analytic gradient and central differences of the objective. */
  private static double maxRelativeError(Setup s, ParameterBlock block, INDArray analytic,
      ToDoubleFunction<VaeGan.Losses> objective, long seed) {
    INDArray params = block.params();
    java.util.Random pick = new java.util.Random(seed);
    double worst = 0;
    for (int k = 0; k < SAMPLES; k++) {
      long i = pick.nextInt((int) block.paramCount());
      double original = params.getDouble(0, i);
      params.putScalar(0, i, original + H);
      double plus = objective.applyAsDouble(s.losses());
      params.putScalar(0, i, original - H);
      double minus = objective.applyAsDouble(s.losses());
      params.putScalar(0, i, original);
      double numeric = (plus - minus) / (2 * H);
      double a = analytic.getDouble(0, i);
      double scale = Math.max(Math.abs(a) + Math.abs(numeric), 1e-7);
      worst = Math.max(worst, Math.abs(a - numeric) / scale);
    }
    return worst;
  }

  private static INDArray[] analyticGradients(Setup s) {
    s.model().computeGradients(s.x(), s.eps(), s.zPrior(), BatchNorm.Mode.TRAIN_FROZEN);
    return new INDArray[] {s.model().encoderBlock().grads().dup(), s.model().decoderBlock().grads().dup(),
        s.model().discriminatorBlock().grads().dup()};
  }

  /** The decoder's objective as the spec reads it: γ·L_llike + v·L_GEN (or − v·L_GAN) + w·L_pixel. */
  private static ToDoubleFunction<VaeGan.Losses> decoderObjective(ModelSpec spec) {
    double gamma = spec.gamma();
    double w = spec.pixelWeight();
    double v = spec.ganWeight();
    return ModelSpec.SATURATING.equals(spec.generatorLoss())
        ? l -> gamma * l.llike() - v * l.gan() + w * l.pixelMse()
        : l -> gamma * l.llike() + v * l.generator() + w * l.pixelMse();
  }

  private void checkRoutes(String similarity) {
    checkRoutes(setup(similarity), similarity);
  }

  private void checkRoutes(Setup s, String label) {
    INDArray[] g = analyticGradients(s);
    double w = s.model().spec().pixelWeight();
    double enc = maxRelativeError(s, s.model().encoderBlock(), g[0], l -> l.prior() + l.llike() + w * l.pixelMse(), 1);
    double dec = maxRelativeError(s, s.model().decoderBlock(), g[1], decoderObjective(s.model().spec()), 2);
    double v = s.model().spec().ganWeight();
    double dis = maxRelativeError(s, s.model().discriminatorBlock(), g[2], l -> v * l.gan(), 3);
    System.out.println("errors " + label + " enc=" + enc + " dec=" + dec + " dis=" + dis);
    assertTrue(enc < 1e-4, "encoder gradient != grad(L_prior + L_llike + w L_pixel): " + enc);
    assertTrue(dec < 1e-4, "decoder gradient != grad of its objective: " + dec);
    assertTrue(dis < 1e-4, "discriminator gradient != grad(L_GAN): " + dis);
  }

  @Test
  void theSaturatingGeneratorLossFollowsMinusLGan() {
    ModelSpec spec = new ModelSpec(16, 32, 3, 3, 3, 2.5, 2e-4, 7L).withGeneratorLoss(ModelSpec.SATURATING);
    checkRoutes(setup(spec), "saturating");
  }

  @Test
  void thePixelTermJoinsTheEncoderAndDecoderObjectives() {
    ModelSpec spec = new ModelSpec(16, 32, 3, 3, 3, 2.5, 2e-4, 7L).withPixelWeight(3.0);
    Setup s = setup(spec);
    checkRoutes(s, "pixel");
    INDArray[] g = analyticGradients(s);
    // controls: the same objectives without the pixel term, and the discriminator with it, must be noticed
    double encWithout = maxRelativeError(s, s.model().encoderBlock(), g[0], l -> l.prior() + l.llike(), 1);
    double decWithout = maxRelativeError(s, s.model().decoderBlock(), g[1],
        decoderObjective(spec.withPixelWeight(0)), 2);
    System.out.println("pixel controls " + encWithout + " " + decWithout);
    assertTrue(encWithout > 1e-2, "the encoder's pixel term went unnoticed: " + encWithout);
    assertTrue(decWithout > 1e-2, "the decoder's pixel term went unnoticed: " + decWithout);
  }

  @Test
  void theGanWeightScalesTheDecodersAndTheDiscriminatorsGanTerms() {
    ModelSpec spec = new ModelSpec(16, 32, 3, 3, 3, 2.5, 2e-4, 7L).withGanWeight(0.05);
    Setup s = setup(spec);
    checkRoutes(s, "gan weight");
    INDArray[] g = analyticGradients(s);
    // control: the decoder's objective with the GAN term at weight 1 must be noticed
    double decUnweighted = maxRelativeError(s, s.model().decoderBlock(), g[1], decoderObjective(spec.withGanWeight(1)), 2);
    System.out.println("gan weight control " + decUnweighted);
    assertTrue(decUnweighted > 1e-2, "the decoder's GAN weight went unnoticed: " + decUnweighted);
  }

  @Test
  void eachNetworkFollowsItsOwnObjectiveWithPerFeatureSimilarityAndSeparateDiscriminatorBatches() {
    checkRoutes(setup(new ModelSpec(16, 32, 3, 3, 3, 2.5, 2e-4, 7L).withSimilarityNormalisation(ModelSpec.FEATURES)
        .withDiscriminatorBatches(ModelSpec.SEPARATE)), "features, separate");
  }

  @Test
  void eachNetworkFollowsItsOwnObjectiveWithResizeConvolutions() {
    // seed 8: with seed 7 one sampled encoder weight's central difference crosses a ReLU kink (error 5e-4 there alone)
    checkRoutes(setup(new ModelSpec(16, 32, 3, 3, 3, 2.5, 2e-4, 8L).withUpsampling(ModelSpec.RESIZE_CONV)),
        "resize-conv");
  }

  @Test
  void eachNetworkFollowsItsOwnObjectiveWithAnInputCentre() {
    // the encoder sees x - centre, the discriminator x and the decoder's output + centre, with a pixel term beside
    Setup s = setup(new ModelSpec(16, 32, 3, 3, 3, 2.5, 2e-4, 8L).withUpsampling(ModelSpec.RESIZE_CONV)
        .withCentring(ModelSpec.MEAN_FRAME).withPixelWeight(1.0));
    Nd4j.getRandom().setSeed(9);
    s.model().setCentre(Nd4j.rand(DataType.DOUBLE, 1, 3, 16, 32).muli(0.8).subi(0.4));
    checkRoutes(s, "centred");
  }

  @Test
  void eachNetworkFollowsItsOwnObjectiveWithSimilarityOverAllLayers() {
    checkRoutes(ModelSpec.ALL);
  }

  @Test
  void eachNetworkFollowsItsOwnObjectiveWithSimilarityOnTheLastLayer() {
    checkRoutes(ModelSpec.LAST);
  }

  @Test
  void checkDetectsMixedRoutes() {
    Setup s = setup(ModelSpec.ALL);
    INDArray[] g = analyticGradients(s);
    double gamma = s.model().spec().gamma();
    // the encoder's gradient must not contain L_GAN, the discriminator's must not contain L_llike,
    // the decoder's must not be the encoder's objective
    double encWithGan = maxRelativeError(s, s.model().encoderBlock(), g[0], l -> l.prior() + l.llike() - l.gan(), 1);
    double disWithLlike = maxRelativeError(s, s.model().discriminatorBlock(), g[2], l -> l.gan() + l.llike(), 3);
    double decAsEncoder = maxRelativeError(s, s.model().decoderBlock(), g[1], l -> l.prior() + l.llike(), 2);
    // the non-saturating decoder must not be following the literal −L_GAN
    double decSaturating = maxRelativeError(s, s.model().decoderBlock(), g[1], l -> gamma * l.llike() - l.gan(), 2);
    System.out.println("saturating control " + decSaturating);
    assertTrue(decSaturating > 1e-2, "the saturating form passed for the non-saturating one: " + decSaturating);
    System.out.println("controls " + encWithGan + " " + disWithLlike + " " + decAsEncoder);
    assertTrue(encWithGan > 1e-2, "a GAN term in the encoder's objective went unnoticed: " + encWithGan);
    assertTrue(disWithLlike > 1e-2, "an L_llike term in the discriminator's objective went unnoticed: " + disWithLlike);
    assertTrue(decAsEncoder > 1e-2, "the decoder's objective swapped for the encoder's went unnoticed: " + decAsEncoder);
    assertTrue(gamma > 0);
  }
}
