package io.autoencoded.ingest;

import com.typesafe.config.Config;
import io.autoencoded.job.config.ConfigReader;
import java.io.Serializable;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** The {@code ingest} section of the configuration, validated. */
public record IngestSettings(int segmentFrames, int targetFileMb, int rowGroupMb, int decoderThreads,
    int progressIntervalS, int zstdLevel, CompressionCodecName compression, ScalingFilter scaling)
    implements Serializable {

  public static IngestSettings from(Config config) {
    ConfigReader r = new ConfigReader(config);
    return new IngestSettings(
        r.intIn("ingest.segment-frames", 16, 1_000_000),
        r.intIn("ingest.target-file-mb", 1, 16_384),
        r.intIn("ingest.row-group-mb", 1, 2_047),
        r.intIn("ingest.decoder-threads", 0, 64),
        r.intIn("ingest.progress-interval-s", 1, 3_600),
        r.intIn("ingest.zstd-level", 1, 19),
        codec(r.oneOf("ingest.compression", "zstd", "snappy", "lz4_raw", "none")),
        ScalingFilter.of(r.oneOf("ingest.scaling", "area", "bilinear", "bicubic", "lanczos")));
  }

  private static CompressionCodecName codec(String name) {
    return name.equals("none") ? CompressionCodecName.UNCOMPRESSED
        : CompressionCodecName.valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }

  /** Rows per Parquet file so that a file holds about target-file-mb of raw frames (at least one). */
  public long recordsPerFile(int bytesPerFrame) {
    return Math.max(1L, (long) targetFileMb * 1024 * 1024 / bytesPerFrame);
  }

  public long rowGroupBytes() {
    return (long) rowGroupMb * 1024 * 1024;
  }
}
