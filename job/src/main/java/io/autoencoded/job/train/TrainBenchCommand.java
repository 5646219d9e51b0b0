package io.autoencoded.job.train;

import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.spark.SparkSessions;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bench train [--height H --width W --filters F --latent Z --batch B --steps N --workers 1,2 --frames N]}:
 * training throughput of the single-process model step and of the Spark job per replica count, on generated
 * frames in a scratch store (or --store). Last stdout line: JSON with {@code frames_per_s}.
 */
public final class TrainBenchCommand implements Command {
  @Override
  public String name() {
    return "bench-train";
  }

  @Override
  public String summary() {
    return "measure Spark parameter-averaging training against the single-process step; last line JSON";
  }

  @Override
  public Set<String> options() {
    return Set.of("height", "width", "filters", "latent", "batch", "steps", "workers", "frames", "averaging-frequency");
  }

  @Override
  public int run(Invocation invocation) throws Exception {
    Settings settings = invocation.settings();
    int height = invocation.positiveInt("height", 64);
    int width = invocation.positiveInt("width", 112);
    if (height % 16 != 0 || width % 16 != 0) {
      throw new UserException("--height and --width must be multiples of 16, got " + height + "x" + width + ".");
    }
    int batch = invocation.positiveInt("batch", settings.train().batchSize());
    int frequency = invocation.positiveInt("averaging-frequency", settings.train().averagingFrequency());
    List<Integer> workers = new ArrayList<>();
    for (String w : invocation.option("workers").orElse("1,2").split(",")) {
      try {
        workers.add(Integer.parseInt(w.trim()));
      } catch (NumberFormatException e) {
        throw new UserException("--workers takes replica counts separated by commas, got '" + w + "': e.g. 1,2,4.");
      }
    }
    int frames = invocation.positiveInt("frames", 4 * batch * frequency * workers.stream().max(Integer::compare).orElse(1));
    TrainBenchmark.Plan plan = new TrainBenchmark.Plan(height, width, invocation.positiveInt("filters", 8),
        invocation.positiveInt("latent", 16), batch, frequency, frames, workers, invocation.positiveInt("steps", 5));
    String store = invocation.option("store").orElse(Files.createTempDirectory("autoencoded-bench-train").toUri().toString());
    SparkSession spark = SparkSessions.open(invocation, settings, "bench train");
    try {
      System.out.println(TrainBenchmark.run(spark, store, plan, System.err));
      return 0;
    } finally {
      spark.stop();
    }
  }

  /** Runs the benchmark without the deploy module: {@code java -cp ... TrainBenchCommand [options]}. */
  public static void main(String[] args) {
    String[] all = new String[args.length + 1];
    all[0] = "bench-train";
    System.arraycopy(args, 0, all, 1, args.length);
    System.exit(new io.autoencoded.job.cli.CommandRunner().register(new TrainBenchCommand()).run(all, System.err));
  }
}
