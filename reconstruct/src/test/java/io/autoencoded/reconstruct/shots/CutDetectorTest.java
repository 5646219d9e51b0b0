package io.autoencoded.reconstruct.shots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmShots;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of the detector on frame changes made up to isolate it. */
class CutDetectorTest {
  private static FilmRecord film(long frames) {
    return new FilmRecord("f", "s", "0", 0, frames, 25, 1, 0, 112, 64, 112, 64, "raw", false, 0, "t");
  }

  /** Changes of a 60-frame film: {@code base} everywhere, then each given frame's change (and lasting = change). */
  private static List<FrameChange> changes(double base, double... frameAndChange) {
    double[] c = new double[60];
    java.util.Arrays.fill(c, base);
    for (int i = 0; i < frameAndChange.length; i += 2) {
      c[(int) frameAndChange[i]] = frameAndChange[i + 1];
    }
    List<FrameChange> out = new ArrayList<>();
    for (int t = 1; t < 60; t++) {
      out.add(new FrameChange(t, c[t], c[t]));
    }
    return out;
  }

  private static long[] cuts(List<FrameChange> changes) {
    return CutDetector.shotsOf(film(60), changes).cuts();
  }

  @Test
  void aChangeThatStandsOutIsACut() {
    assertArrayEquals(new long[] {20, 40}, cuts(changes(0.01, 20, 0.3, 40, 0.1)));
  }

  @Test
  void aPanChangesEveryFrameAndIsNoCut() {
    // 0.15 a frame for 30 frames, one frame at 0.3: twice its neighbourhood, not four times
    List<FrameChange> pan = changes(0.01);
    for (int t = 10; t < 40; t++) {
      pan.set(t - 1, new FrameChange(t, t == 25 ? 0.3 : 0.15, t == 25 ? 0.3 : 0.15));
    }
    assertArrayEquals(new long[0], cuts(pan));
  }

  @Test
  void aCutIntoFastMotionIsOneCutEvenWhereTheFilmEnds() {
    // a calm shot, then from frame 55 a pan changing 0.13 a frame: the pan's first frames have mostly the calm
    // shot's changes in their windows (the film ends), but their own side is the pan
    List<FrameChange> intoPan = changes(0.01, 55, 0.55, 56, 0.13, 57, 0.13, 58, 0.13, 59, 0.13);
    assertArrayEquals(new long[] {55}, cuts(intoPan));
  }

  @Test
  void aSmallChangeInAStillShotIsNoCut() {
    // 0.03 against 0: ten times the neighbourhood (with its noise allowance) but under the 0.04 a cut must change
    assertArrayEquals(new long[0], cuts(changes(0, 30, 0.03)));
    assertArrayEquals(new long[] {30}, cuts(changes(0, 30, 0.05)));
  }

  @Test
  void aFlashChangesThePictureAndChangesItBack() {
    List<FrameChange> flash = changes(0.01, 30, 0.6, 31, 0.6);
    // frame 30 is white: 29 and 31 are the same picture, so the change across each of the two pairs is small
    flash.set(29, new FrameChange(30, 0.6, 0.01));
    flash.set(30, new FrameChange(31, 0.6, 0.01));
    assertArrayEquals(new long[0], cuts(flash));
  }

  @Test
  void shotsCoverTheFilmAndCarryTheirCutsScore() {
    FilmShots shots = CutDetector.shotsOf(film(60), changes(0.01, 20, 0.3));
    assertEquals(2, shots.shots().size());
    assertEquals(0.3 / (0.01 + CutDetector.NOISE), shots.shots().get(1).cutScore(), 1e-12);
    assertEquals(CutDetector.VERSION, shots.detector());
    assertEquals(1, CutDetector.shotsOf(film(1), List.of()).shots().size());
  }
}
