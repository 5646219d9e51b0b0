package io.autoencoded.ingest;

import io.autoencoded.job.progress.EtaClock;
import io.autoencoded.job.progress.HumanDuration;
import io.autoencoded.job.progress.ProgressDisplay;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;

/**
 * Reports an ingest's progress while it runs: frames decoded so far out of the frames expected, frames per second
 * and the ETA, printed to stderr every few seconds by a daemon thread on the driver (a live bar on a terminal, see
 * {@link ProgressDisplay}). Running tasks count their frames
 * in an accumulator whose partial values reach the driver with the executors' heartbeats
 * (spark.executor.heartbeatInterval, 10 s by default); finished tasks by their final accumulator update. The same
 * works on a cluster.
 */
final class IngestProgress extends SparkListener implements AutoCloseable {
  private final AtomicLong written = new AtomicLong();
  private final Map<Long, Long> inFlight = new ConcurrentHashMap<>();
  private final LongAccumulator decoded;
  private final String filmId;
  private final EtaClock clock;
  private final ProgressDisplay display;
  private final Thread reporter;
  private final String writes;
  private volatile boolean running = true;
  private boolean estimated; // the reporter thread's own

  /**
   * @param writes what the ingest writes into the store, as {@link IngestFootprint#need()} says it: repeated in the
   *               early estimate, so that the time and the space are read together
   */
  IngestProgress(SparkContext spark, String filmId, long expected, int intervalSeconds, String writes,
      PrintStream out) {
    this.writes = writes;
    this.decoded = spark.longAccumulator("frames decoded for " + filmId);
    this.filmId = filmId;
    this.clock = EtaClock.start(expected);
    this.display = ProgressDisplay.open(out, "ingest " + filmId, "frames", clock);
    this.reporter = new Thread(() -> {
      while (running) {
        try {
          Thread.sleep(intervalSeconds * 1000L);
        } catch (InterruptedException e) {
          return;
        }
        if (running) {
          display.progress(line());
          if (!estimated && dueForEstimate(clock)) {
            estimated = true;
            display.println(estimateLine(clock, filmId, writes));
          }
        }
      }
    }, "ingest-progress-" + filmId);
    reporter.setDaemon(true);
    reporter.start();
  }

  /** The accumulator tasks add each frame to. */
  LongAccumulator decoded() {
    return decoded;
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    scala.collection.Iterator<scala.Tuple4> tasks = (scala.collection.Iterator) update.accumUpdates().iterator();
    while (tasks.hasNext()) {
      scala.Tuple4 task = tasks.next();
      scala.collection.Iterator<AccumulableInfo> infos = ((scala.collection.Seq<AccumulableInfo>) task._4()).iterator();
      while (infos.hasNext()) {
        AccumulableInfo info = infos.next();
        if (info.id() == decoded.id() && info.update().isDefined()) {
          inFlight.put(((Number) task._1()).longValue(), ((Number) info.update().get()).longValue());
        }
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    inFlight.remove(taskEnd.taskInfo().taskId());
    if ("Success".equals(String.valueOf(taskEnd.reason()))) {
      // a finished task's own count: tasks write their Parquet files themselves, outside Spark's output metrics
      scala.collection.Iterator<AccumulableInfo> infos = taskEnd.taskInfo().accumulables().iterator();
      while (infos.hasNext()) {
        AccumulableInfo info = infos.next();
        if (info.id() == decoded.id() && info.update().isDefined()) {
          written.addAndGet(((Number) info.update().get()).longValue());
        }
      }
    }
  }

  String line() {
    return line(clock, written.get() + inFlight.values().stream().mapToLong(Long::longValue).sum(), filmId);
  }

  /** The plain progress line, after moving the clock to {@code done}. */
  static String line(EtaClock clock, long done, String filmId) {
    clock.advanceTo(done);
    long expected = clock.total();
    double seconds = clock.elapsedSeconds();
    String of = expected > 0
        ? String.format(Locale.ROOT, " / %d frames (%.0f%%)", expected, 100.0 * done / expected)
        : " frames";
    return String.format(Locale.ROOT, "ingest %s: %d%s, %.0f frames/s, %s", filmId, done, of,
        seconds > 0 ? done / seconds : 0.0, clock.eta());
  }

  /** Seconds of decoding whose throughput the early estimate is made from, unless a tenth of the film comes first. */
  static final double ESTIMATE_AFTER_S = 60;

  /**
   * Whether the one early estimate is due: after the first minute of decoding, or sooner once a tenth of the frames
   * are done (a rate over a tenth of the film is as good as it gets early); never for a run already done.
   */
  static boolean dueForEstimate(EtaClock clock) {
    double f = clock.fraction();
    return clock.done() > 0 && !(f >= 1) && (clock.elapsedSeconds() >= ESTIMATE_AFTER_S || f >= 0.1);
  }

  /** The early estimate: the whole ingest's time on this machine at the throughput measured so far, and its size. */
  static String estimateLine(EtaClock clock, String filmId, String writes) {
    double rate = clock.unitsPerSecond();
    double total = clock.total() > 0 && rate > 0 ? clock.total() / rate : Double.NaN;
    return String.format(Locale.ROOT, "ingest %s: estimate from the first %s of decoding on this machine (%.0f "
            + "frames/s): about %s for the whole decode and write of %,d frames (%s left); it writes %s.", filmId,
        HumanDuration.of(clock.elapsedSeconds()), rate, HumanDuration.of(total), clock.total(),
        clock.secondsLeft().isPresent() ? HumanDuration.of(clock.secondsLeft().getAsDouble()) : "unknown", writes);
  }

  @Override
  public void close() {
    running = false;
    reporter.interrupt();
    display.close();
  }
}
