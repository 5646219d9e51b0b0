package io.autoencoded.job.model;

import io.autoencoded.job.config.Settings;
import java.io.Serializable;

/**
 * Everything that fixes the model's shape and training objective. A checkpoint records it; loading a
 * checkpoint into a run whose architecture differs (see {@link #architectureDifferences}) fails.
 *
 * @param optimizer "adam" or "rmsprop" (one optimizer per network)
 * @param beta1 Adam's first-moment decay (Broad: 0.5); unused by RMSProp
 * @param similarityLayers which discriminator conv layers carry L_llike: "last" (Larsen: the 4th) or "all"
 *     (Broad: the mean over all four)
 * @param equilibrium Larsen's equilibrium gating: skip the discriminator update when it wins by more than
 *     {@code equilibriumMargin} around {@code equilibriumTarget}, skip the decoder update when it loses by as much
 * @param generatorLoss how the decoder's objective reads Larsen's "− L_GAN": "non-saturating" (the default, as
 *     Larsen's and Broad's code train it: the decoder minimises BCE(Dis(x̃), 1) + BCE(Dis(x_p), 1), i.e. −log D,
 *     which keeps a gradient when the discriminator wins) or "saturating" (literally −L_GAN, whose gradient
 *     vanishes once the discriminator wins)
 * @param pixelWeight weight of a pixel-space reconstruction term (mean squared error of x̃ against x) added to
 *     the encoder's and the decoder's objectives; 0 (the default) is Broad's model
 * @param ganWeight weight of the GAN term in the decoder's and the discriminator's objectives (Broad's code divides
 *     the cross-entropy by 6·batch, 1/72 at his batch of 12; Larsen's is 1)
 * @param similarityNormalisation how each similarity layer's squared distance is normalised: "pixels" (by the
 *     frame's pixel count H·W·C, as Broad's script) or "features" (by that layer's own element count: the mean
 *     squared distance per feature, which weighs the deep, small layers more)
 * @param discriminatorBatches how the discriminator's batch norms see real frames, reconstructions and prior
 *     samples: "joint" (one batch of all three) or "separate" (each normalised with its own statistics, as
 *     three separate discriminator calls are)
 * @param upsampling the decoder's 2× upsampling: "transposed" (Broad's 5×5 stride-2 transposed convolutions) or
 *     "resize-conv" (nearest-neighbour 2× then a 5×5 convolution: no uneven kernel overlap, so no checkerboard)
 * @param centring "none" (Broad's model) or "mean-frame": the encoder sees the frame minus the training films' mean
 *     frame, which the model keeps with its batch-norm statistics, and the decoder draws the difference from it
 */
public record ModelSpec(int height, int width, int channels, int filters, int latent, double gamma,
    double learningRate, long seed, String optimizer, double beta1, String similarityLayers,
    boolean equilibrium, double equilibriumTarget, double equilibriumMargin, String generatorLoss,
    double pixelWeight, double ganWeight, String similarityNormalisation, String discriminatorBatches,
    String upsampling, String centring) implements Serializable {

  public static final String ADAM = "adam";
  public static final String RMSPROP = "rmsprop";
  public static final String LAST = "last";
  public static final String ALL = "all";
  public static final String NON_SATURATING = "non-saturating";
  public static final String SATURATING = "saturating";
  public static final String PIXELS = "pixels";
  public static final String FEATURES = "features";
  public static final String JOINT = "joint";
  public static final String SEPARATE = "separate";
  public static final String TRANSPOSED = "transposed";
  public static final String RESIZE_CONV = "resize-conv";
  public static final String NONE = "none";
  public static final String MEAN_FRAME = "mean-frame";

  public ModelSpec {
    if (height < 16 || height % 16 != 0 || width < 16 || width % 16 != 0) {
      throw new IllegalArgumentException("height and width must be positive multiples of 16, got " + height + "x" + width);
    }
    if (channels < 1 || filters < 1 || latent < 1) {
      throw new IllegalArgumentException("channels, filters and latent must be positive");
    }
    if (!ADAM.equals(optimizer) && !RMSPROP.equals(optimizer)) {
      throw new IllegalArgumentException("optimizer must be adam or rmsprop, got " + optimizer);
    }
    if (!LAST.equals(similarityLayers) && !ALL.equals(similarityLayers)) {
      throw new IllegalArgumentException("similarity layers must be last or all, got " + similarityLayers);
    }
    // specs serialised before an option existed read it as null (or 0): the behaviour of that time
    generatorLoss = generatorLoss == null ? NON_SATURATING : generatorLoss;
    ganWeight = ganWeight == 0 ? 1 : ganWeight;
    similarityNormalisation = similarityNormalisation == null ? PIXELS : similarityNormalisation;
    discriminatorBatches = discriminatorBatches == null ? JOINT : discriminatorBatches;
    upsampling = upsampling == null ? TRANSPOSED : upsampling;
    centring = centring == null ? NONE : centring;
    requireOneOf("generator loss", generatorLoss, NON_SATURATING, SATURATING);
    requireOneOf("similarity normalisation", similarityNormalisation, PIXELS, FEATURES);
    requireOneOf("discriminator batches", discriminatorBatches, JOINT, SEPARATE);
    requireOneOf("upsampling", upsampling, TRANSPOSED, RESIZE_CONV);
    requireOneOf("centring", centring, NONE, MEAN_FRAME);
    if (!(pixelWeight >= 0)) {
      throw new IllegalArgumentException("pixel weight must be >= 0, got " + pixelWeight);
    }
    if (!(ganWeight > 0)) {
      throw new IllegalArgumentException("GAN weight must be > 0, got " + ganWeight);
    }
  }

  private static void requireOneOf(String what, String value, String a, String b) {
    if (!a.equals(value) && !b.equals(value)) {
      throw new IllegalArgumentException(what + " must be " + a + " or " + b + ", got " + value);
    }
  }

  /** Broad's training choices (Adam β1 0.5, similarity over all four layers, no equilibrium gating). */
  public ModelSpec(int height, int width, int channels, int filters, int latent, double gamma,
      double learningRate, long seed) {
    this(height, width, channels, filters, latent, gamma, learningRate, seed, ADAM, 0.5, ALL, false, 0.68, 0.35);
  }

  /** The choices before the generator loss existed: non-saturating, no pixel term, the original objective. */
  public ModelSpec(int height, int width, int channels, int filters, int latent, double gamma,
      double learningRate, long seed, String optimizer, double beta1, String similarityLayers,
      boolean equilibrium, double equilibriumTarget, double equilibriumMargin) {
    this(height, width, channels, filters, latent, gamma, learningRate, seed, optimizer, beta1, similarityLayers,
        equilibrium, equilibriumTarget, equilibriumMargin, NON_SATURATING, 0, 1, PIXELS, JOINT, TRANSPOSED, NONE);
  }

  public static ModelSpec from(Settings settings) {
    ModelOptions options = ModelOptions.from(settings.config());
    return new ModelSpec(settings.frames().height(), settings.frames().width(), 3,
        settings.model().filters(), settings.model().latent(), settings.model().gamma(),
        settings.train().learningRate(), options.seed(), options.optimizer(), options.beta1(),
        options.similarityLayers(), options.equilibrium(), options.equilibriumTarget(),
        options.equilibriumMargin(), options.generatorLoss(), options.pixelWeight(), options.ganWeight(),
        options.similarityNormalisation(), options.discriminatorBatches(), options.upsampling(), options.centring());
  }

  /** A copy with the objective's and architecture's options of {@code options}, this spec's sizes and rates. */
  private ModelSpec with(int newHeight, int newWidth, double newLearningRate, long newSeed, String newOptimizer,
      String newSimilarityLayers, boolean newEquilibrium, String newGeneratorLoss, double newPixelWeight,
      double newGanWeight, String newNormalisation, String newBatches, String newUpsampling, String newCentring) {
    return new ModelSpec(newHeight, newWidth, channels, filters, latent, gamma, newLearningRate, newSeed,
        newOptimizer, beta1, newSimilarityLayers, newEquilibrium, equilibriumTarget, equilibriumMargin,
        newGeneratorLoss, newPixelWeight, newGanWeight, newNormalisation, newBatches, newUpsampling, newCentring);
  }

  public ModelSpec withSize(int newHeight, int newWidth) {
    return with(newHeight, newWidth, learningRate, seed, optimizer, similarityLayers, equilibrium, generatorLoss,
        pixelWeight, ganWeight, similarityNormalisation, discriminatorBatches, upsampling, centring);
  }

  public ModelSpec withOptimizer(String newOptimizer) {
    return with(height, width, learningRate, seed, newOptimizer, similarityLayers, equilibrium, generatorLoss,
        pixelWeight, ganWeight, similarityNormalisation, discriminatorBatches, upsampling, centring);
  }

  public ModelSpec withSimilarityLayers(String layers) {
    return with(height, width, learningRate, seed, optimizer, layers, equilibrium, generatorLoss,
        pixelWeight, ganWeight, similarityNormalisation, discriminatorBatches, upsampling, centring);
  }

  public ModelSpec withEquilibrium(boolean on) {
    return with(height, width, learningRate, seed, optimizer, similarityLayers, on, generatorLoss,
        pixelWeight, ganWeight, similarityNormalisation, discriminatorBatches, upsampling, centring);
  }

  public ModelSpec withGeneratorLoss(String loss) {
    return with(height, width, learningRate, seed, optimizer, similarityLayers, equilibrium, loss,
        pixelWeight, ganWeight, similarityNormalisation, discriminatorBatches, upsampling, centring);
  }

  public ModelSpec withPixelWeight(double weight) {
    return with(height, width, learningRate, seed, optimizer, similarityLayers, equilibrium, generatorLoss,
        weight, ganWeight, similarityNormalisation, discriminatorBatches, upsampling, centring);
  }

  public ModelSpec withLearningRate(double lr) {
    return with(height, width, lr, seed, optimizer, similarityLayers, equilibrium, generatorLoss,
        pixelWeight, ganWeight, similarityNormalisation, discriminatorBatches, upsampling, centring);
  }

  public ModelSpec withSeed(long newSeed) {
    return with(height, width, learningRate, newSeed, optimizer, similarityLayers, equilibrium, generatorLoss,
        pixelWeight, ganWeight, similarityNormalisation, discriminatorBatches, upsampling, centring);
  }

  public ModelSpec withGanWeight(double weight) {
    return with(height, width, learningRate, seed, optimizer, similarityLayers, equilibrium, generatorLoss,
        pixelWeight, weight, similarityNormalisation, discriminatorBatches, upsampling, centring);
  }

  public ModelSpec withSimilarityNormalisation(String normalisation) {
    return with(height, width, learningRate, seed, optimizer, similarityLayers, equilibrium, generatorLoss,
        pixelWeight, ganWeight, normalisation, discriminatorBatches, upsampling, centring);
  }

  public ModelSpec withDiscriminatorBatches(String batches) {
    return with(height, width, learningRate, seed, optimizer, similarityLayers, equilibrium, generatorLoss,
        pixelWeight, ganWeight, similarityNormalisation, batches, upsampling, centring);
  }

  public ModelSpec withUpsampling(String newUpsampling) {
    return with(height, width, learningRate, seed, optimizer, similarityLayers, equilibrium, generatorLoss,
        pixelWeight, ganWeight, similarityNormalisation, discriminatorBatches, newUpsampling, centring);
  }

  public ModelSpec withCentring(String newCentring) {
    return with(height, width, learningRate, seed, optimizer, similarityLayers, equilibrium, generatorLoss,
        pixelWeight, ganWeight, similarityNormalisation, discriminatorBatches, upsampling, newCentring);
  }

  /**
   * What makes the parameters of a model trained with {@code this} unusable by {@code other}: frame size,
   * channels, filters, latent size, upsampling, centring. Empty when compatible. Training choices (learning rate, gamma, ...) may differ.
   */
  public String architectureDifferences(ModelSpec other) {
    StringBuilder sb = new StringBuilder();
    if (height != other.height || width != other.width) {
      append(sb, "frame size " + height + "x" + width + " vs " + other.height + "x" + other.width);
    }
    if (channels != other.channels) {
      append(sb, "channels " + channels + " vs " + other.channels);
    }
    if (filters != other.filters) {
      append(sb, "model.filters " + filters + " vs " + other.filters);
    }
    if (latent != other.latent) {
      append(sb, "model.latent " + latent + " vs " + other.latent);
    }
    if (!upsampling.equals(other.upsampling)) {
      append(sb, "model.upsampling " + upsampling + " vs " + other.upsampling);
    }
    if (!centring.equals(other.centring)) {
      append(sb, "model.centring " + centring + " vs " + other.centring);
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, String s) {
    if (sb.length() > 0) {
      sb.append(", ");
    }
    sb.append(s);
  }
}
