package io.autoencoded.job.progress;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;

/**
 * How far a long job is and when it will end: units done of a total, and the time left at the rate measured since
 * the clock started. Units done before it started (a resumed run's earlier epochs) count towards the percentage,
 * not towards the rate. Until the first unit is measured the rate is the prior one, if any (training's up-front
 * estimate), so that the first line already has an ETA.
 */
public final class EtaClock {
  private final long total;
  private final long startDone;
  private final double priorUnitsPerSecond;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private volatile long done;

  public EtaClock(long total, long alreadyDone, double priorUnitsPerSecond, LongSupplier nanoTime) {
    this.total = total;
    this.startDone = alreadyDone;
    this.done = alreadyDone;
    this.priorUnitsPerSecond = priorUnitsPerSecond;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
  }

  /** A clock on the wall time, starting now, with no prior rate. */
  public static EtaClock start(long total) {
    return new EtaClock(total, 0, Double.NaN, System::nanoTime);
  }

  /** A clock on the wall time, starting now. */
  public static EtaClock start(long total, long alreadyDone, double priorUnitsPerSecond) {
    return new EtaClock(total, alreadyDone, priorUnitsPerSecond, System::nanoTime);
  }

  public void advanceTo(long unitsDone) {
    done = unitsDone;
  }

  public long done() {
    return done;
  }

  /** The total, or a value of 0 or less when it is not known. */
  public long total() {
    return total;
  }

  public double elapsedSeconds() {
    return (nanoTime.getAsLong() - startNanos) / 1e9;
  }

  /** Units per second since the clock started (NaN before any). */
  public double unitsPerSecond() {
    double seconds = elapsedSeconds();
    long measured = done - startDone;
    return measured > 0 && seconds > 0 ? measured / seconds : Double.NaN;
  }

  /** Share of the total done, 0..1 (NaN when the total is not known). */
  public double fraction() {
    return total > 0 ? Math.min(1.0, (double) done / total) : Double.NaN;
  }

  /** Seconds left at the measured rate, or at the prior rate before anything was measured. */
  public OptionalDouble secondsLeft() {
    if (total <= 0) {
      return OptionalDouble.empty();
    }
    long left = Math.max(0, total - done);
    if (left == 0) {
      return OptionalDouble.of(0);
    }
    double rate = unitsPerSecond();
    if (!(rate > 0)) {
      rate = priorUnitsPerSecond;
    }
    return rate > 0 ? OptionalDouble.of(left / rate) : OptionalDouble.empty();
  }

  /** "37%": the whole percent done, rounded down (100% only when done). */
  public String percent() {
    double f = fraction();
    return Double.isNaN(f) ? "?%" : String.format(Locale.ROOT, "%d%%", (long) Math.floor(100 * f));
  }

  /** "ETA 3 min 05 s", or "ETA unknown" before there is a rate. */
  public String eta() {
    OptionalDouble left = secondsLeft();
    return "ETA " + (left.isPresent() ? HumanDuration.of(left.getAsDouble()) : "unknown");
  }
}
