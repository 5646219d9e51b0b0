package io.autoencoded.reconstruct;

import com.typesafe.config.Config;
import io.autoencoded.job.config.ConfigReader;
import java.io.Serializable;

/**
 * The {@code reconstruct} section of the configuration (documented in conf/application.conf).
 *
 * @param smoothing the temporal smoothing's half-window K in frames ({@code reconstruct --smooth K}); 0 = none
 */
public record ReconstructSettings(int batchSize, int framesPerSegment, boolean fillCores, String codec,
    double bitsPerPixel, int worstFrames, int progressIntervalS, int smoothing) implements Serializable {
  /** The largest K: a segment holds its frames and K more on each side. */
  public static final int MAX_SMOOTHING = 250;

  public ReconstructSettings withCodec(String newCodec) {
    return new ReconstructSettings(batchSize, framesPerSegment, fillCores, newCodec, bitsPerPixel, worstFrames,
        progressIntervalS, smoothing);
  }

  public ReconstructSettings withSmoothing(int k) {
    return new ReconstructSettings(batchSize, framesPerSegment, fillCores, codec, bitsPerPixel, worstFrames,
        progressIntervalS, k);
  }

  public static ReconstructSettings from(Config config) {
    ConfigReader r = new ConfigReader(config);
    return new ReconstructSettings(
        r.intIn("reconstruct.batch-size", 1, 4096),
        r.intIn("reconstruct.frames-per-segment", 1, 1_000_000),
        r.bool("reconstruct.fill-cores"),
        r.oneOf("reconstruct.codec", "h264", "mpeg4"),
        r.doubleIn("reconstruct.bits-per-pixel", 0.001, 24),
        r.intIn("reconstruct.worst-frames", 0, 1000),
        r.intIn("reconstruct.progress-interval-s", 1, 3600),
        r.intIn("reconstruct.smoothing", 0, MAX_SMOOTHING));
  }
}
