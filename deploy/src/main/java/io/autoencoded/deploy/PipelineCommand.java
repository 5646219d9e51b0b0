package io.autoencoded.deploy;

import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.spark.SparkSessions;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code autoencoded pipeline --film PATH --out FILE.mp4 [--film-id ID] [--epochs N] [--max-hours H] [--side-by-side]
 * [--no-audio]}.
 */
public final class PipelineCommand implements Command {
  @Override
  public String name() {
    return "pipeline";
  }

  @Override
  public String summary() {
    return "ingest -> train -> reconstruct one film (--film PATH --out FILE.mp4 [--film-id ID] [--epochs N] "
        + "[--max-hours H])";
  }

  @Override
  public Set<String> options() {
    return Set.of("film", "out", "film-id", "epochs", "max-hours");
  }

  @Override
  public Set<String> flags() {
    return Set.of("side-by-side", "no-audio", "replace");
  }

  @Override
  public int run(Invocation invocation) throws Exception {
    String film = invocation.required("film");
    Path out = Path.of(invocation.required("out"));
    OptionalInt epochs = epochs(invocation);
    Settings settings = invocation.settings();
    SparkSession spark = SparkSessions.open(invocation, settings, "pipeline");
    try {
      Pipeline.Result result = Pipeline.run(spark, settings, film, invocation.option("film-id").orElse(null),
          invocation.flag("replace"), epochs, invocation.positiveNumber("max-hours"), out, Optional.empty(),
          invocation.flag("side-by-side"), !invocation.flag("no-audio"), System.out);
      System.out.println("Reconstruction: " + out.toAbsolutePath());
      System.out.println(result.video().json());
      return 0;
    } finally {
      spark.stop();
    }
  }

  static OptionalInt epochs(Invocation invocation) {
    return invocation.positiveInt("epochs");
  }

}
