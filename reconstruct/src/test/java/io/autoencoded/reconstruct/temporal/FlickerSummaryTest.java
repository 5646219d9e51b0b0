package io.autoencoded.reconstruct.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.store.FilmShots;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlickerSummaryTest {
  static final FilmShots SHOTS = FilmShots.fromCuts("f", 6, "t", "d", new long[] {3, 4}, new double[] {8, 9});

  @Test
  void meansOverTheFilmsPairsAndPerShot() {
    List<PairFlicker> pairs = List.of(new PairFlicker(1, 0.004, 0.002, 1), new PairFlicker(2, 0.002, 0.002, 1),
        new PairFlicker(5, 0.009, 0.001, 0.5));
    FlickerSummary s = FlickerSummary.of(pairs, SHOTS);
    assertEquals(3, s.pairs());
    assertEquals(0.005, s.reconstruction(), 1e-12);
    assertEquals((0.002 + 0.002 + 0.001) / 3, s.original(), 1e-12);
    assertEquals(3, s.shots().size());
    assertEquals(0.003, s.shots().get(0).reconstruction(), 1e-12);
    assertEquals(1.5, s.shots().get(0).ratio(), 1e-12);
    assertEquals(0, s.shots().get(1).pairs(), "a one-frame shot has no pair");
    assertTrue(Double.isNaN(s.shots().get(1).reconstruction()));
    assertEquals(9, s.shots().get(2).ratio(), 1e-12);
    assertTrue(s.describe().contains("3 frame pairs in 3 shots"), s.describe());
    assertEquals("null", FlickerSummary.jsonNumber(Double.NaN));
  }

  @Test
  void aPairWithNothingVisibleIsLeftOutAndAPairAcrossACutIsAnError() {
    FlickerSummary s = FlickerSummary.of(List.of(new PairFlicker(1, Double.NaN, Double.NaN, 0),
        new PairFlicker(2, 0.002, 0.001, 1)), SHOTS);
    assertEquals(1, s.pairs());
    assertEquals(2, s.ratio(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> FlickerSummary.of(List.of(new PairFlicker(3, 0.1, 0.1, 1)),
        SHOTS));
  }
}
