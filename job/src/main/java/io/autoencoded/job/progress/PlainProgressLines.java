package io.autoencoded.job.progress;

import java.io.PrintStream;

/** Progress without a terminal: every progress line printed as it is, flushed so a tailed log is current. */
public final class PlainProgressLines implements ProgressDisplay {
  private final PrintStream out;

  public PlainProgressLines(PrintStream out) {
    this.out = out;
  }

  @Override
  public void progress(String plainLine) {
    println(plainLine);
  }

  @Override
  public void println(String line) {
    out.println(line);
    out.flush();
  }

  @Override
  public void close() {
    out.flush();
  }
}
