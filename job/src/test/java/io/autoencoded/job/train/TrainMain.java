package io.autoencoded.job.train;

import io.autoencoded.job.cli.CommandRunner;

/** The train command as its own process (the launcher's local mode), for the kill-and-resume test. */
public final class TrainMain {
  private TrainMain() {}

  public static void main(String[] args) {
    System.exit(new CommandRunner().register(new TrainCommand()).run(args, System.err));
  }
}
