package io.autoencoded.ingest;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Reports an ingest's progress while it runs: frames written so far (counted from the output metrics of
 * finished tasks, so it works the same on a cluster), out of the frames expected, and frames per second,
 * printed to stderr every few seconds by a daemon thread on the driver.
 */
final class IngestProgress extends SparkListener implements AutoCloseable {
  private final AtomicLong written = new AtomicLong();
  private final String filmId;
  private final long expected;
  private final PrintStream out;
  private final long started = System.nanoTime();
  private final Thread reporter;
  private volatile boolean running = true;

  IngestProgress(String filmId, long expected, int intervalSeconds, PrintStream out) {
    this.filmId = filmId;
    this.expected = expected;
    this.out = out;
    this.reporter = new Thread(() -> {
      while (running) {
        try {
          Thread.sleep(intervalSeconds * 1000L);
        } catch (InterruptedException e) {
          return;
        }
        if (running) {
          out.println(line());
        }
      }
    }, "ingest-progress-" + filmId);
    reporter.setDaemon(true);
    reporter.start();
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (taskEnd.taskMetrics() != null && "Success".equals(String.valueOf(taskEnd.reason()))) {
      written.addAndGet(taskEnd.taskMetrics().outputMetrics().recordsWritten());
    }
  }

  String line() {
    long done = written.get();
    double seconds = (System.nanoTime() - started) / 1e9;
    String of = expected > 0
        ? String.format(Locale.ROOT, " / %d frames (%.0f%%)", expected, 100.0 * done / expected)
        : " frames";
    return String.format(Locale.ROOT, "ingest %s: %d%s, %.0f frames/s", filmId, done, of,
        seconds > 0 ? done / seconds : 0.0);
  }

  @Override
  public void close() {
    running = false;
    reporter.interrupt();
  }
}
