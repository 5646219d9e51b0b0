package io.autoencoded.job.progress;

import java.io.PrintStream;

/**
 * Where a long job's progress goes: a live bar on a terminal, plain lines in a log. The job moves its
 * {@link EtaClock} and hands over the line a log would get; the display decides what to print.
 */
public interface ProgressDisplay extends AutoCloseable {
  /** A progress line (percentage and ETA in it): printed without a terminal, shown as the bar on one. */
  void progress(String plainLine);

  /** A line that stays in the output either way (a round's losses, a checkpoint, a warning): above the bar. */
  void println(String line);

  @Override
  void close();

  /**
   * A bar when {@code out} is an interactive terminal (see {@link TerminalProgressBar#wanted}), otherwise plain
   * lines: cron, CI, {@code > log} and tests get lines they can read and grep.
   */
  static ProgressDisplay open(PrintStream out, String task, String unit, EtaClock clock) {
    return TerminalProgressBar.wanted(out) ? new TerminalProgressBar(out, task, unit, clock)
        : new PlainProgressLines(out);
  }
}
