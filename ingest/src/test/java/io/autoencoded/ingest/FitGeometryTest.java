package io.autoencoded.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.autoencoded.job.config.FrameSettings.Fit;
import org.junit.jupiter.api.Test;

class FitGeometryTest {
  @Test
  void cropCoversTheFrameAndKeepsTheCentre() {
    // 720x405 is 16:9 like 256x144: a plain resize
    assertEquals(new FitGeometry(256, 144, 256, 144, 0, 0, 0, 0), FitGeometry.of(720, 405, 1, 1, 256, 144, Fit.CROP));
    // 4:3 into 16:9: scaled to the width, the top and bottom cropped
    FitGeometry g = FitGeometry.of(320, 240, 1, 1, 256, 144, Fit.CROP);
    assertEquals(256, g.scaledWidth());
    assertEquals(192, g.scaledHeight());
    assertEquals(0, g.cropX());
    assertEquals(24, g.cropY());
    // wider than 16:9 (2.39:1): scaled to the height, the sides cropped
    FitGeometry scope = FitGeometry.of(1920, 804, 1, 1, 256, 144, Fit.CROP);
    assertEquals(144, scope.scaledHeight());
    assertEquals(344, scope.scaledWidth());
    assertEquals(44, scope.cropX());
  }

  @Test
  void letterboxFitsInsideAndPadsWithBlack() {
    FitGeometry g = FitGeometry.of(320, 240, 1, 1, 256, 144, Fit.LETTERBOX);
    assertEquals(192, g.scaledWidth());
    assertEquals(144, g.scaledHeight());
    assertEquals(32, g.padX());
    assertEquals(0, g.padY());
    FitGeometry wide = FitGeometry.of(1920, 804, 1, 1, 256, 144, Fit.LETTERBOX);
    assertEquals(256, wide.scaledWidth());
    assertEquals(107, wide.scaledHeight());
    assertEquals(18, wide.padY());
  }

  @Test
  void sampleAspectRatioIsApplied() {
    // anamorphic DVD: 720x480 stored, shown at 32:27 sample aspect = 16:9
    FitGeometry g = FitGeometry.of(720, 480, 32, 27, 256, 144, Fit.CROP);
    assertEquals(256, g.scaledWidth());
    assertEquals(144, g.scaledHeight());
  }

  @Test
  void smallSourcesAreScaledUp() {
    FitGeometry g = FitGeometry.of(48, 32, 0, 1, 112, 64, Fit.CROP);
    assertEquals(112, g.scaledWidth());
    assertEquals(75, g.scaledHeight());
    assertEquals(5, g.cropY());
  }

  @Test
  void fitCopiesTheCropWindow() {
    FitGeometry g = new FitGeometry(2, 1, 4, 2, 1, 1, 0, 0);
    byte[] scaled = new byte[2 * 12];
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] = (byte) i;
    }
    // row 1 starts at 12; column 1 at +3
    assertArrayEquals(new byte[] {15, 16, 17, 18, 19, 20}, g.fit(scaled, 12));
  }

  @Test
  void fitPadsTheLetterbox() {
    FitGeometry g = new FitGeometry(3, 3, 1, 1, 0, 0, 1, 1);
    byte[] out = g.fit(new byte[] {9, 8, 7, 0}, 4);
    byte[] expected = new byte[27];
    expected[12] = 9;
    expected[13] = 8;
    expected[14] = 7;
    assertArrayEquals(expected, out);
  }
}
