package io.autoencoded.job.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HumanDurationTest {
  @Test
  void readsInTheUnitThatFitsTheLength() {
    assertEquals("0 s", HumanDuration.of(0.2));
    assertEquals("59 s", HumanDuration.of(59.4));
    assertEquals("3 min 05 s", HumanDuration.of(185));
    assertEquals("2 h 10 min", HumanDuration.of(2 * 3600 + 10 * 60 + 10));
    assertEquals("47 h 59 min", HumanDuration.of(48 * 3600 - 30));
    // the full-size run: ~1 M frame-steps at 0.8-1.5 frames/s is read in days, not hours
    assertEquals("9.3 days", HumanDuration.of(800_000));
    assertEquals("unknown", HumanDuration.of(Double.NaN));
    assertEquals("unknown", HumanDuration.of(-1));
  }
}
