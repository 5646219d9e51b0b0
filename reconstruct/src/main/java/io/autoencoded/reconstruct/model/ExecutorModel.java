package io.autoencoded.reconstruct.model;

import java.io.IOException;

/**
 * A reconstruct job's model, loaded once per executor JVM and shared by the executor's concurrent tasks, which
 * take turns to run one batch through it with all the executor's cores ({@link #turn}).
 *
 * <p>Why: two concurrent tasks each running their own full-size model on one core apiece reached only 50–70 % of
 * one model on both cores (twice the weights and activations competing for the caches and memory bandwidth), and
 * every task held its own copy of the weights. Taking turns per batch keeps the model at its raw speed while the
 * other tasks read frames, measure quality and encode video between their turns.
 */
public final class ExecutorModel {
  /** Loads the model when this executor has none for the job yet. */
  @FunctionalInterface
  public interface Load {
    ReconstructionModel load() throws IOException;
  }

  private static String loadedKey;
  private static ReconstructionModel loaded;

  private ExecutorModel() {}

  /**
   * The model for {@code key} (unique per job and application), loading it on first use in this JVM; a model of
   * an earlier job is dropped first.
   */
  public static synchronized ReconstructionModel get(String key, Load load) throws IOException {
    if (!key.equals(loadedKey)) {
      loaded = null;
      loadedKey = null;
      loaded = load.load();
      loadedKey = key;
    }
    return loaded;
  }

  /** Drops the model of {@code key} if it is the one held (the driver, at the end of a local job). */
  public static synchronized void release(String key) {
    if (key.equals(loadedKey)) {
      loaded = null;
      loadedKey = null;
    }
  }
}
