package io.autoencoded.job.train;

import io.autoencoded.job.config.TrainSettings;
import io.autoencoded.job.model.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A run's id is a hash of everything that defines the training trajectory (films, model spec, batch, replicas,
 * averaging frequency, shuffle seed, warm-start source) and nothing else, so re-running the same command after
 * a crash finds its own checkpoints and resumes; the number of epochs is left out so that
 * "--epochs 8" after a finished 6-epoch run continues the same run.
 */
public final class RunId {
  private RunId() {}

  public static String of(List<String> films, ModelSpec spec, TrainSettings train, long seed, String from,
      ModelFactory factory) {
    String canonical = String.join(",", films) + "|" + spec + "|batch=" + train.batchSize() + "|workers="
        + train.workers() + "|avg=" + train.averagingFrequency() + "|seed=" + seed + "|from=" + (from == null ? "" : from)
        + "|model=" + factory.getClass().getName();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return "run-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
