package io.autoencoded.ingest;

import io.autoencoded.job.progress.HumanBytes;
import io.autoencoded.job.store.StoreSpace;
import java.util.Locale;
import java.util.Optional;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * What an ingest will write into the store, said before it decodes anything: the probed frame count times the
 * raw frame size (height x width x 3 bytes). That is an upper bound of the Parquet files, exact without compression;
 * compressed they take less, by a ratio that depends on the film and is only known once it is written (zstd-1 at
 * 256x144: 0.62 of the raw size on a 720p film, about 0.7 on the bundled clip, 0.16 on ffmpeg's synthetic testsrc2
 * pattern; docs/PERFORMANCE.md).
 *
 * @param frames     the frames the demux scan found (what the decode is planned for)
 * @param frameBytes bytes of one raw frame at the training size
 * @param codec      the Parquet files' compression
 */
record IngestFootprint(long frames, int frameBytes, CompressionCodecName codec) {
  /**
   * The share of the raw size below which no compressed frame store is expected to go: a store with less free
   * space than this share of the raw frames is refused before the decode. A tenth, under the least measured (0.16,
   * a synthetic pattern of flat colours, as compressible as animation gets), so that only a run that clearly cannot
   * fit is refused; one that merely might not fit is decoded, and stops with one line if the store fills up.
   */
  static final double LEAST_COMPRESSED_SHARE = 0.1;

  long rawBytes() {
    return frames * frameBytes;
  }

  /** The least the Parquet files can take: the raw bytes without compression, a share of them with. */
  long leastBytes() {
    return compressed() ? (long) (rawBytes() * LEAST_COMPRESSED_SHARE) : rawBytes();
  }

  private boolean compressed() {
    return codec != CompressionCodecName.UNCOMPRESSED;
  }

  /** What the run needs, as the messages say it: "up to 21.0 MB (190 frames x 108.0 KB raw; zstd takes less)". */
  String need() {
    return (compressed() ? "up to " : "") + HumanBytes.of(rawBytes()) + " (" + String.format(Locale.ROOT, "%,d", frames)
        + " frames x " + String.format(Locale.ROOT, "%,d", frameBytes) + " bytes of raw pixels"
        + (compressed() ? ", an upper bound: the " + codec.name().toLowerCase(Locale.ROOT) + " Parquet files take less)"
            : ", uncompressed Parquet)");
  }

  /** The line printed before the decode: what will be written, and the free space where the filesystem tells it. */
  String line(String filmId, Optional<StoreSpace> space) {
    return "ingest " + filmId + ": will write " + need() + " to the store; "
        + space.map(StoreSpace::describe).orElse("its filesystem does not say how much space is free") + " there.";
  }
}
