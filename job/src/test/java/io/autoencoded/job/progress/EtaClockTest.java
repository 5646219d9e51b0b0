package io.autoencoded.job.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EtaClockTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private void advanceSeconds(double s) {
    now.addAndGet((long) (s * 1e9));
  }

  @Test
  void theEtaIsWhatIsLeftAtTheMeasuredRate() {
    EtaClock clock = new EtaClock(1000, 0, Double.NaN, now::get);
    assertEquals("0%", clock.percent());
    assertEquals("ETA unknown", clock.eta(), "no rate yet and no prior one");
    advanceSeconds(10);
    clock.advanceTo(250);
    assertEquals("25%", clock.percent());
    assertEquals(30, clock.secondsLeft().getAsDouble(), 1e-9);
    assertEquals("ETA 30 s", clock.eta());
    advanceSeconds(30);
    clock.advanceTo(1000);
    assertEquals("100%", clock.percent());
    assertEquals("ETA 0 s", clock.eta());
  }

  @Test
  void unitsDoneBeforeTheStartCountForThePercentageNotForTheRate() {
    // a resumed run: 600 of 1000 frames were trained by an earlier invocation
    EtaClock clock = new EtaClock(1000, 600, 2.0, now::get);
    assertEquals("60%", clock.percent());
    assertEquals(200, clock.secondsLeft().getAsDouble(), 1e-9, "the prior rate until something is measured");
    advanceSeconds(100);
    clock.advanceTo(700);
    assertEquals(1.0, clock.unitsPerSecond(), 1e-9);
    assertEquals(300, clock.secondsLeft().getAsDouble(), 1e-9, "the measured rate replaces the prior one");
  }

  @Test
  void anUnknownTotalHasNoPercentageAndNoEta() {
    EtaClock clock = new EtaClock(0, 0, Double.NaN, now::get);
    advanceSeconds(5);
    clock.advanceTo(40);
    assertEquals("?%", clock.percent());
    assertFalse(clock.secondsLeft().isPresent());
  }
}
