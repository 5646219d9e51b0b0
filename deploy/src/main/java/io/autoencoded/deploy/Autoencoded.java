package io.autoencoded.deploy;

import io.autoencoded.deploy.film.FilmBenchmark;
import io.autoencoded.ingest.IngestBenchmark;
import io.autoencoded.ingest.IngestCommand;
import io.autoencoded.job.cli.CommandGroup;
import io.autoencoded.job.cli.CommandRunner;
import io.autoencoded.job.model.ModelBenchCommand;
import io.autoencoded.job.train.TrainBenchCommand;
import io.autoencoded.job.train.TrainCommand;
import io.autoencoded.reconstruct.DreamCommand;
import io.autoencoded.reconstruct.EvaluateCommand;
import io.autoencoded.reconstruct.NearestCommand;
import io.autoencoded.reconstruct.ReconstructCommand;
import io.autoencoded.reconstruct.WalkCommand;
import io.autoencoded.reconstruct.bench.ReconstructBenchCommand;

/**
 * The single entry point of the launcher and of spark-submit: {@code autoencoded COMMAND [OPTIONS]}.
 */
public final class Autoencoded {
  private Autoencoded() {}

  public static CommandRunner commands() {
    return new CommandRunner()
        .register(new IngestCommand())
        .register(new TrainCommand())
        .register(new ReconstructCommand())
        .register(new EvaluateCommand())
        .register(new WalkCommand())
        .register(new DreamCommand())
        .register(new NearestCommand())
        .register(new PipelineCommand())
        .register(new DemoCommand())
        .register(new RetrainCommand())
        .register(new FilmsCommand())
        .register(new CommandGroup("bench", "measure speed (frames_per_s) or quality; last line JSON")
            .with("ingest", new IngestBenchmark())
            .with("train", new ModelBenchCommand("train"))
            .with("reconstruct", new ModelBenchCommand("reconstruct"))
            .with("train-job", new TrainBenchCommand())
            .with("reconstruct-job", new ReconstructBenchCommand())
            .with("quality", new QualityBenchmark())
            .with("film", new FilmBenchmark()));
  }

  public static void main(String[] args) {
    int status = commands().run(args, System.err);
    if (status == 0) {
      ClassDataArchive.saveIfRequested(System.err);
    }
    System.out.flush();
    System.err.flush();
    // Spark, ND4J and Hadoop leave non-daemon threads behind: exit explicitly
    System.exit(status);
  }
}
