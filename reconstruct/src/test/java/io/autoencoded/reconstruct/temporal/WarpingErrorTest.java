package io.autoencoded.reconstruct.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The warping error on motion whose flow is known, with flicker of known size added. */
class WarpingErrorTest {
  static final int H = 64;
  static final int W = 112;

  /** A smooth, non-repeating texture moved by (2, 1) pixels a frame. */
  static byte[] moving(int t) {
    byte[] rgb = new byte[H * W * 3];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        double u = x - 2.0 * t;
        double v = y - 1.0 * t;
        double base = 128 + 50 * Math.sin(0.21 * u + 0.13 * v) + 35 * Math.cos(0.17 * v - 0.09 * u)
            + 25 * Math.sin(0.05 * u * 0.7 + 0.31 * Math.sin(0.11 * v));
        for (int c = 0; c < 3; c++) {
          rgb[(y * W + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(base + 20 * c - 20)));
        }
      }
    }
    return rgb;
  }

  static byte[] brighter(byte[] rgb, int by) {
    byte[] out = new byte[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      out[i] = (byte) Math.max(0, Math.min(255, (rgb[i] & 0xff) + by));
    }
    return out;
  }

  @Test
  void theOriginalsMotionIsFollowedAndAddedFlickerIsMeasured() {
    try (WarpingError warping = new WarpingError(H, W)) {
      for (int t = 1; t <= 3; t++) {
        byte[] before = moving(t - 1);
        byte[] now = moving(t);
        PairFlicker same = warping.measure(t, before, now, before, now);
        assertEquals(same.original(), same.reconstruction(), 0, "the same frames, the same error");
        // the texture moved and was warped back: what is left is interpolation and flow error, well under a level
        // of flicker (4 grey levels RMS would be 2.5e-4)
        assertTrue(same.original() < 2.5e-4, "original " + same.original());
        assertTrue(same.validFraction() > 0.8 && same.validFraction() <= 1, "visible " + same.validFraction());
        // a reconstruction that is 10 levels too dark, then 10 too bright: every pair jumps by 20 levels
        PairFlicker flickering = warping.measure(t, before, now, brighter(before, -10), brighter(now, 10));
        double jump = (20 / 255.0) * (20 / 255.0);
        assertEquals(same.original() + jump, flickering.reconstruction(), 0.1 * jump, "reconstruction");
        assertEquals(same.original(), flickering.original(), 0, "the original is measured as before");
        // a steady offset is no flicker
        PairFlicker steady = warping.measure(t, before, now, brighter(before, 10), brighter(now, 10));
        assertEquals(same.original(), steady.reconstruction(), 0.1 * jump);
      }
    }
  }

  @Test
  void onlyPixelsWhoseFlowsAgreeAndLandInsideTheFrameCount() {
    float[] backward = new float[H * W * 2];
    float[] forward = new float[H * W * 2];
    for (int p = 0; p < H * W; p++) {
      backward[2 * p] = -2;
      backward[2 * p + 1] = -1;
      forward[2 * p] = 2;
      forward[2 * p + 1] = 1;
    }
    boolean[] visible = WarpingError.visible(backward, forward, H, W);
    int count = 0;
    for (boolean v : visible) {
      count += v ? 1 : 0;
    }
    assertEquals((W - 2) * (H - 1), count, "all but the pixels that come from outside frame t-1");
    assertFalse(visible[0]);
    assertTrue(visible[(5 * W) + 5]);
    // where frame t-1's pixels went somewhere else (occluded in t), the pixels of t that land there are not counted
    for (int y = 0; y < H; y++) {
      for (int x = 40; x < 60; x++) {
        forward[2 * (y * W + x)] = 9;
      }
    }
    boolean[] occluded = WarpingError.visible(backward, forward, H, W);
    assertFalse(occluded[10 * W + 50], "lands at x = 48, where the forward flow disagrees");
    assertTrue(occluded[10 * W + 70]);
    // the error is measured over the counted pixels only
    byte[] before = new byte[H * W * 3];
    byte[] now = new byte[H * W * 3];
    java.util.Arrays.fill(now, (byte) 51); // 0.2 everywhere...
    assertEquals(0.04, WarpingError.error(now, before, backward, occluded, H, W), 1e-12);
    for (int y = 0; y < H; y++) {
      for (int x = 42; x < 62; x++) { // the pixels that land in [40, 60)
        for (int c = 0; c < 3; c++) {
          now[(y * W + x) * 3 + c] = (byte) 255; // ...except where nothing is counted
        }
      }
    }
    assertEquals(0.04, WarpingError.error(now, before, backward, occluded, H, W), 1e-12);
  }
}
