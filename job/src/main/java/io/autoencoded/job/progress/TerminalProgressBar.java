package io.autoencoded.job.progress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A live progress bar (me.tongfei:progressbar) on the terminal line the output ends with: percentage, units done,
 * elapsed time, the {@link EtaClock}'s ETA and speed, redrawn every second. Lines printed while it runs are
 * written above it: the line is erased, the text printed, and the bar redrawn on the next tick.
 *
 * <p>Drawn with the library's single-line consumer (carriage return), not its cursor-moving one: that one
 * moves up a fixed number of lines to redraw, and any line printed in between would be overwritten.
 */
public final class TerminalProgressBar implements ProgressDisplay {
  private static final String ERASE_LINE = "\r\u001b[2K";

  private final PrintStream out;
  private final EtaClock clock;
  private final ProgressBar bar;

  public TerminalProgressBar(PrintStream out, String task, String unit, EtaClock clock) {
    this.out = out;
    this.clock = clock;
    this.bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(Math.max(clock.total(), 0))
        .startsFrom(clock.done(), Duration.ZERO)
        .setUnit(" " + unit, 1)
        .showSpeed(new DecimalFormat("0.0"))
        .setStyle(ProgressBarStyle.UNICODE_BLOCK)
        .setEtaFunction(state -> {
          OptionalDouble left = clock.secondsLeft();
          return left.isPresent() ? Optional.of(Duration.ofMillis((long) (left.getAsDouble() * 1000)))
              : Optional.empty();
        })
        .continuousUpdate() // elapsed time and ETA move between two updates of a long training round
        // the job's own closing line (frames in so many seconds, or the last round's) says how it ended; a bar
        // left standing would show only the last count reported, 0 % for a job faster than the first report
        .clearDisplayOnFinish()
        .setConsumer(new ConsoleProgressBarConsumer(out) {
          @Override
          public void close() {
            out.flush(); // the bar was erased: no newline, which would leave an empty line behind
          }
        })
        .build();
  }

  /**
   * Whether {@code out} is an interactive terminal: the JVM has a console (it has none under cron, CI, a pipe or
   * a redirected stdout), {@code out} is the process's stdout or stderr, that stream itself is a terminal (a
   * {@code 2> log} leaves the console but sends stderr to a file), and the terminal is not "dumb".
   */
  public static boolean wanted(PrintStream out) {
    if (System.console() == null || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    int fd = out == System.out ? 1 : out == System.err ? 2 : -1;
    if (fd < 0) {
      return false;
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return true; // no /proc to ask (not Linux): the console is all there is to go by
    }
  }

  @Override
  public void progress(String plainLine) {
    bar.stepTo(clock.done());
  }

  @Override
  public void println(String line) {
    bar.stepTo(clock.done());
    synchronized (out) { // the bar's refresh thread prints through the same stream's lock
      out.print(ERASE_LINE);
      out.println(line);
      out.flush();
    }
  }

  @Override
  public void close() {
    bar.stepTo(clock.done());
    bar.close();
  }
}
