package io.autoencoded.job.train;

import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.spark.SparkSessions;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code autoencoded train [--film-id ID]... [--epochs N] [--from MODEL_URI] [--max-hours H]}; last stdout line: JSON
 * result. Prints the run's estimate before training; with --max-hours a run estimated above H hours does not start.
 */
public final class TrainCommand implements Command {
  @Override
  public String name() {
    return "train";
  }

  @Override
  public String summary() {
    return "train the VAE-GAN on the named films (all films if none) with Spark parameter averaging; "
        + "--from warm-starts, re-running resumes; prints an estimate first, --max-hours H stops a longer run";
  }

  @Override
  public Set<String> options() {
    return Set.of("film-id", "epochs", "from", "max-hours");
  }

  @Override
  public int run(Invocation invocation) throws Exception {
    Settings settings = invocation.settings();
    OptionalInt epochs = invocation.positiveInt("epochs");
    java.util.OptionalDouble maxHours = invocation.positiveNumber("max-hours");
    SparkSession spark = SparkSessions.open(invocation, settings, "train");
    try {
      TrainResult result = TrainJob.run(spark, settings, invocation.all("film-id"), epochs,
          invocation.option("from"), maxHours);
      System.out.println(result.toJson());
      return 0;
    } finally {
      spark.stop();
    }
  }
}
