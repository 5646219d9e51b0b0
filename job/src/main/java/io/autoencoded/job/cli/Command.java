package io.autoencoded.job.cli;

import java.util.Set;

/** One launcher command: its name, the options it accepts, and the action. */
public interface Command {
  String name();

  /** One line for the launcher's help. */
  String summary();

  /** Options that take a value, besides the common ones. */
  default Set<String> options() {
    return Set.of();
  }

  /** Options without a value, besides --verbose. */
  default Set<String> flags() {
    return Set.of();
  }

  /** Runs the command; returns the exit status (0 on success). User-caused failures throw {@link UserException}. */
  int run(Invocation invocation) throws Exception;
}
