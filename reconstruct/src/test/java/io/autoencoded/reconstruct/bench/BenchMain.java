package io.autoencoded.reconstruct.bench;

import io.autoencoded.job.cli.CommandGroup;
import io.autoencoded.job.cli.CommandRunner;

/** Runs {@code bench reconstruct ...} from this module's classpath (before deploy registers it). */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) {
    int status = new CommandRunner()
        .register(new CommandGroup("bench", "measure").with("reconstruct", new ReconstructBenchCommand()))
        .run(args, System.err);
    System.exit(status);
  }
}
