package io.autoencoded.ingest;

import java.io.Serializable;

/**
 * How many FFmpeg decoding threads each segment's task uses ({@code ingest.decoder-threads}). A positive setting
 * applies to every segment. 0 (automatic) decodes with one thread while later segments still wait for a task
 * slot (one task per core: frame threads would only add their overhead, about 5 % of the decoding), and with
 * FFmpeg's frame threads in the last {@code slots} segments, which run while the other slots empty out.
 *
 * @param frameThreadsFrom the index of the first segment decoded with frame threads under the automatic setting
 */
public record DecoderThreads(int configured, int frameThreadsFrom) implements Serializable {

  /** The setting for a plan of {@code segments} segments run in {@code slots} parallel tasks. */
  public static DecoderThreads of(int configured, int segments, int slots) {
    return new DecoderThreads(configured, Math.max(0, segments - Math.max(1, slots)));
  }

  /** The thread count to open segment {@code index}'s decoder with (0: FFmpeg's choice). */
  public int forSegment(int index) {
    if (configured > 0) {
      return configured;
    }
    return index >= frameThreadsFrom ? 0 : 1;
  }
}
