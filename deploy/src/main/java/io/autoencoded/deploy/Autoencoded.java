package io.autoencoded.deploy;

import io.autoencoded.ingest.IngestBenchmark;
import io.autoencoded.ingest.IngestCommand;
import io.autoencoded.job.cli.CommandGroup;
import io.autoencoded.job.cli.CommandRunner;
import io.autoencoded.job.cli.NotYetCommand;

/**
 * The single entry point of the launcher and of spark-submit: {@code autoencoded COMMAND [OPTIONS]}.
 */
public final class Autoencoded {
  private Autoencoded() {}

  public static CommandRunner commands() {
    return new CommandRunner()
        .register(new IngestCommand())
        .register(new NotYetCommand("train", "train the VAE-GAN on films in the store", "issue 4"))
        .register(new NotYetCommand("reconstruct", "reconstruct every frame of a film into a video", "issue 5"))
        .register(new NotYetCommand("evaluate", "PSNR/SSIM quality report of a film's reconstruction", "issue 5"))
        .register(new NotYetCommand("pipeline", "ingest, train and reconstruct one film", "issue 6"))
        .register(new NotYetCommand("demo", "the whole pipeline on the bundled clip", "issue 6"))
        .register(new NotYetCommand("retrain", "ingest new films from an inbox and warm-start training", "issue 6"))
        .register(new NotYetCommand("films", "list the films in the store", "issue 6"))
        .register(new CommandGroup("bench", "measure; last line JSON with frames_per_s")
            .with("ingest", new IngestBenchmark()));
  }

  public static void main(String[] args) {
    int status = commands().run(args, System.err);
    System.out.flush();
    System.err.flush();
    // Spark, ND4J and Hadoop leave non-daemon threads behind: exit explicitly
    System.exit(status);
  }
}
