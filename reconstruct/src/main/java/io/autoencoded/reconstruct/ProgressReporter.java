package io.autoencoded.reconstruct;

import io.autoencoded.job.progress.EtaClock;
import io.autoencoded.job.progress.ProgressDisplay;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple4;
import scala.collection.JavaConverters;

/**
 * Prints "frames done / total (percent), frames/s, ETA" every few seconds while the job runs (a live bar on a
 * terminal, see {@link ProgressDisplay}). Frames of finished tasks come
 * from the accumulator; frames of running tasks from the executors' heartbeats, so progress moves inside a
 * long segment too.
 */
final class ProgressReporter implements AutoCloseable {
  private final SparkContext spark;
  private final LongAccumulator done;
  private final long total;
  private final long already;
  private final String label;
  private final EtaClock clock;
  private final ProgressDisplay display;
  private final Map<Long, Long> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final SparkListener listener;

  ProgressReporter(SparkContext spark, LongAccumulator done, long total, int intervalS, PrintStream out, String label) {
    this(spark, done, total, 0, intervalS, out, label);
  }

  /** {@code already}: frames a run that died had finished, counted as done from the start (not in the rate). */
  ProgressReporter(SparkContext spark, LongAccumulator done, long total, long already, int intervalS, PrintStream out,
      String label) {
    this.spark = spark;
    this.done = done;
    this.total = total;
    this.already = already;
    this.label = label;
    this.clock = EtaClock.start(total, already, Double.NaN);
    this.display = ProgressDisplay.open(out, label, "frames", clock);
    long accumulatorId = done.id();
    listener = new SparkListener() {
      @Override
      public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (Tuple4<Object, Object, Object, scala.collection.Seq<AccumulableInfo>> t
            : JavaConverters.seqAsJavaListConverter(update.accumUpdates()).asJava()) {
          for (AccumulableInfo info : JavaConverters.seqAsJavaListConverter(t._4()).asJava()) {
            if (info.id() == accumulatorId && info.update().isDefined()) {
              Object v = info.update().get();
              if (v instanceof Number n) {
                running.put((Long) t._1(), n.longValue());
              }
            }
          }
        }
      }

      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        running.remove(end.taskInfo().taskId());
      }
    };
    spark.addSparkListener(listener);
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "reconstruct-progress");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::print, intervalS, intervalS, TimeUnit.SECONDS);
  }

  long frames() {
    long inFlight = running.values().stream().mapToLong(Long::longValue).sum();
    return Math.min(total, already + done.value() + inFlight);
  }

  private void print() {
    display.progress(line(clock, frames(), label));
  }

  /** The plain progress line, after moving the clock to {@code frames}. */
  static String line(EtaClock clock, long frames, String label) {
    clock.advanceTo(frames);
    long total = clock.total();
    double rate = clock.unitsPerSecond(); // this run's frames only
    return String.format(Locale.ROOT, "%s: %d/%d frames (%.0f %%), %.1f frames/s, %s", label, frames, total,
        100.0 * frames / Math.max(1, total), Double.isNaN(rate) ? 0 : rate, clock.eta());
  }

  @Override
  public void close() {
    timer.shutdownNow();
    spark.removeSparkListener(listener);
    display.close();
  }
}
