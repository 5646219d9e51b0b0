package io.autoencoded.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DecoderThreadsTest {
  private static int[] perSegment(DecoderThreads threads, int segments) {
    return IntStream.range(0, segments).map(threads::forSegment).toArray();
  }

  @Test
  void automaticDecodesWithOneThreadUntilTheLastSegmentsOneTaskSlotEach() {
    // 8 segments, 2 slots: 0-5 while others wait for a slot, frame threads (0 = FFmpeg's choice) for 6 and 7
    assertEquals("[1, 1, 1, 1, 1, 1, 0, 0]", java.util.Arrays.toString(perSegment(DecoderThreads.of(0, 8, 2), 8)));
    // as many slots as segments, or more: all at once, all with frame threads
    assertEquals("[0, 0, 0]", java.util.Arrays.toString(perSegment(DecoderThreads.of(0, 3, 4), 3)));
    // a sequential decode is one segment: frame threads
    assertEquals("[0]", java.util.Arrays.toString(perSegment(DecoderThreads.of(0, 1, 2), 1)));
  }

  @Test
  void aConfiguredCountAppliesToEverySegment() {
    assertEquals("[3, 3, 3, 3, 3]", java.util.Arrays.toString(perSegment(DecoderThreads.of(3, 5, 2), 5)));
    assertEquals("[1, 1]", java.util.Arrays.toString(perSegment(DecoderThreads.of(1, 2, 8), 2)));
  }
}
