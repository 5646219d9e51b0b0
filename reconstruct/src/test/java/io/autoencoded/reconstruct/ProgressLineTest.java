package io.autoencoded.reconstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.autoencoded.job.progress.EtaClock;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The plain line reconstruct and evaluate print without a terminal: frames, percentage, speed and ETA. */
class ProgressLineTest {
  @Test
  void carriesThePercentageAndTheEta() {
    AtomicLong now = new AtomicLong();
    EtaClock clock = new EtaClock(2400, 0, Double.NaN, now::get);
    now.addAndGet(60_000_000_000L);
    assertEquals("evaluate film: 600/2400 frames (25 %), 10.0 frames/s, ETA 3 min 00 s",
        ProgressReporter.line(clock, 600, "evaluate film"));
  }
}
