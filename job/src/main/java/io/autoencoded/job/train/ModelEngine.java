package io.autoencoded.job.train;

import com.typesafe.config.Config;
import io.autoencoded.job.config.ConfigReader;

/**
 * Which compute engine runs the VAE-GAN ({@code model.engine}): ND4J (the default; CPUs, and NVIDIA GPUs up to
 * Ada with {@code -Pcuda}) or libtorch through DJL (GPUs of libtorch's CUDA build, Hopper included, with
 * {@code -Pgpu}; CPUs too). The model, its flat parameters and its checkpoints are the same in both: only which
 * {@link ModelFactory} builds the replicas (and which loader the reconstruct jobs use) differs.
 */
public enum ModelEngine {
  ND4J("nd4j"),
  TORCH("torch");

  public static final String KEY = "model.engine";

  private final String configName;

  ModelEngine(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static ModelEngine from(Config config) {
    String name = new ConfigReader(config).oneOf(KEY, ND4J.configName, TORCH.configName);
    return TORCH.configName.equals(name) ? TORCH : ND4J;
  }

  /** The factory of this engine's training replicas. */
  public ModelFactory trainingFactory() {
    return this == TORCH ? TorchReplica.Factory.INSTANCE : VaeGanReplica.Factory.INSTANCE;
  }
}
