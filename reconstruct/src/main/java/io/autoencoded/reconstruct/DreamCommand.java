package io.autoencoded.reconstruct;

import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.train.ModelEngine;
import io.autoencoded.reconstruct.model.ModelLoader;
import io.autoencoded.reconstruct.model.VaeGanCheckpointLoader;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code dream --seconds S [--seed N] [--fps R] --out FILE.mp4 [--model URI]}: a smooth random walk through the
 * model's prior, decoded at the model's frame size and the rate of the film it was trained on (24 fps when that is
 * not known); the same seed dreams the same video. Without --seed one is drawn and printed. Last stdout line JSON.
 */
public final class DreamCommand implements Command {
  @Override
  public String name() {
    return "dream";
  }

  @Override
  public String summary() {
    return "a video of a smooth random walk through the model's prior (--seconds S [--seed N] [--fps R] "
        + "--out FILE.mp4 [--model URI]); same seed, same video";
  }

  @Override
  public Set<String> options() {
    return Set.of("seconds", "seed", "fps", "out", "model");
  }

  @Override
  public int run(Invocation invocation) throws Exception {
    double seconds = SecondsOption.of(invocation);
    long seed = seed(invocation);
    OptionalDouble given = invocation.positiveNumber("fps");
    Optional<Double> fps = given.isPresent() ? Optional.of(given.getAsDouble()) : Optional.empty();
    Path out = Path.of(invocation.required("out"));
    Settings settings = invocation.settings();
    ReconstructSettings.from(settings.config());
    SparkSession spark = SparkSessions.open(invocation, settings, "dream seed " + seed);
    try {
      LatentVideo video = DreamJob.run(spark, settings, seconds, seed, fps, out, invocation.option("model"),
          ModelLoader.ofEngine(new VaeGanCheckpointLoader(), ModelEngine.from(settings.config())), System.out);
      System.out.println(video.json());
      return 0;
    } finally {
      spark.stop();
    }
  }

  private static long seed(Invocation invocation) {
    Optional<String> raw = invocation.option("seed");
    if (raw.isEmpty()) {
      // a small positive number: easy to read back from the console and type again
      return new SecureRandom().nextInt(1_000_000_000);
    }
    try {
      return Long.parseLong(raw.get().trim());
    } catch (NumberFormatException e) {
      throw new UserException("--seed needs a whole number, got '" + raw.get() + "': write e.g. --seed 7.");
    }
  }
}
