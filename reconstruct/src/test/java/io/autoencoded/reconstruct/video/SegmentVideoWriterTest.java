package io.autoencoded.reconstruct.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

public class SegmentVideoWriterTest {
  private static final int H = 144;
  private static final int W = 256;

  /** Frame i: gradients moving a pixel or two a frame, with a fixed grain, at the model's full size. */
  private static byte[] frame(int i) {
    byte[] rgb = new byte[H * W * 3];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int p = (y * W + x) * 3;
        int grain = ((x * 7919 + y * 104729 + i * 31) >>> 3) % 23;
        rgb[p] = (byte) (x + i * 2 + grain);
        rgb[p + 1] = (byte) (y + x / 2 + i + grain);
        rgb[p + 2] = (byte) (200 - y + grain);
      }
    }
    return rgb;
  }

  private static byte[] encode(Path file, VideoCodec codec) throws Exception {
    try (SegmentVideoWriter w = new SegmentVideoWriter(file, W, H, 24, 1, codec, 0.2)) {
      for (int i = 0; i < 96; i++) {
        w.write(frame(i));
      }
    }
    return Files.readAllBytes(file);
  }

  /**
   * A resumed reconstruct reuses the segments its killed run finished and encodes the rest again, so the film equals
   * an uninterrupted run's only if encoding the same frames gives the same bytes. libopenh264 with its default
   * threads did not at this size (cisco/openh264#2181).
   */
  @ParameterizedTest
  @EnumSource(VideoCodec.class)
  void theSameFramesEncodeToTheSameBytes(VideoCodec codec, @TempDir Path dir) throws Exception {
    byte[] first = encode(dir.resolve("first.mp4"), codec);
    for (int run = 0; run < 3; run++) {
      byte[] again = encode(dir.resolve("again-" + run + ".mp4"), codec);
      assertEquals(-1, Arrays.mismatch(first, again), codec + " run " + run + " differs from the first");
    }
  }
}
