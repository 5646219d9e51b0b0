package io.autoencoded.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.autoencoded.job.progress.EtaClock;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The plain line an ingest prints without a terminal: frames, percentage, speed and ETA. */
class IngestProgressLineTest {
  @Test
  void carriesThePercentageAndTheEta() {
    AtomicLong now = new AtomicLong();
    EtaClock clock = new EtaClock(1000, 0, Double.NaN, now::get);
    now.addAndGet(4_000_000_000L);
    assertEquals("ingest film: 400 / 1000 frames (40%), 100 frames/s, ETA 6 s",
        IngestProgress.line(clock, 400, "film"));
  }

  @Test
  void withoutAnExpectedCountThereIsNoPercentageAndNoEta() {
    AtomicLong now = new AtomicLong();
    EtaClock clock = new EtaClock(0, 0, Double.NaN, now::get);
    now.addAndGet(2_000_000_000L);
    assertEquals("ingest film: 300 frames, 150 frames/s, ETA unknown", IngestProgress.line(clock, 300, "film"));
  }
}
