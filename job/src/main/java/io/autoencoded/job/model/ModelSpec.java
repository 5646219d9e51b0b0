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
 */
public record ModelSpec(int height, int width, int channels, int filters, int latent, double gamma,
    double learningRate, long seed, String optimizer, double beta1, String similarityLayers,
    boolean equilibrium, double equilibriumTarget, double equilibriumMargin) implements Serializable {

  public static final String ADAM = "adam";
  public static final String RMSPROP = "rmsprop";
  public static final String LAST = "last";
  public static final String ALL = "all";

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
  }

  /** Broad's training choices (Adam β1 0.5, similarity over all four layers, no equilibrium gating). */
  public ModelSpec(int height, int width, int channels, int filters, int latent, double gamma,
      double learningRate, long seed) {
    this(height, width, channels, filters, latent, gamma, learningRate, seed, ADAM, 0.5, ALL, false, 0.68, 0.35);
  }

  public static ModelSpec from(Settings settings) {
    ModelOptions options = ModelOptions.from(settings.config());
    return new ModelSpec(settings.frames().height(), settings.frames().width(), 3,
        settings.model().filters(), settings.model().latent(), settings.model().gamma(),
        settings.train().learningRate(), options.seed(), options.optimizer(), options.beta1(),
        options.similarityLayers(), options.equilibrium(), options.equilibriumTarget(),
        options.equilibriumMargin());
  }

  public ModelSpec withSize(int newHeight, int newWidth) {
    return new ModelSpec(newHeight, newWidth, channels, filters, latent, gamma, learningRate, seed, optimizer,
        beta1, similarityLayers, equilibrium, equilibriumTarget, equilibriumMargin);
  }

  public ModelSpec withOptimizer(String newOptimizer) {
    return new ModelSpec(height, width, channels, filters, latent, gamma, learningRate, seed, newOptimizer,
        beta1, similarityLayers, equilibrium, equilibriumTarget, equilibriumMargin);
  }

  public ModelSpec withSimilarityLayers(String layers) {
    return new ModelSpec(height, width, channels, filters, latent, gamma, learningRate, seed, optimizer,
        beta1, layers, equilibrium, equilibriumTarget, equilibriumMargin);
  }

  public ModelSpec withEquilibrium(boolean on) {
    return new ModelSpec(height, width, channels, filters, latent, gamma, learningRate, seed, optimizer,
        beta1, similarityLayers, on, equilibriumTarget, equilibriumMargin);
  }

  public ModelSpec withSeed(long newSeed) {
    return new ModelSpec(height, width, channels, filters, latent, gamma, learningRate, newSeed, optimizer,
        beta1, similarityLayers, equilibrium, equilibriumTarget, equilibriumMargin);
  }

  /**
   * What makes the parameters of a model trained with {@code this} unusable by {@code other}: frame size,
   * channels, filters, latent size. Empty when compatible. Training choices (learning rate, gamma, ...) may differ.
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
    return sb.toString();
  }

  private static void append(StringBuilder sb, String s) {
    if (sb.length() > 0) {
      sb.append(", ");
    }
    sb.append(s);
  }
}
