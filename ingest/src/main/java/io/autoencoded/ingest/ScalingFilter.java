package io.autoencoded.ingest;

import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_LANCZOS;

import java.util.Locale;

/**
 * The filter swscale resamples a picture with to the training size ({@code ingest.scaling}). Shrinking a 720p
 * picture to 256x144 took 0.45 ms a frame with bilinear (the default; swscale's bilinear shrinking is a tent
 * filter as wide as two source pixels per output pixel), 0.32 with area (each output pixel the mean of the
 * source pixels it covers: sharper frames) and 0.71 with bicubic (docs/PERFORMANCE.md, Ingest). The filter is
 * part of what the model learns: the demo's short training reconstructs area-scaled frames markedly worse.
 * Enlarging, area is bilinear.
 */
public enum ScalingFilter {
  AREA(SWS_AREA),
  BILINEAR(SWS_BILINEAR),
  BICUBIC(SWS_BICUBIC),
  LANCZOS(SWS_LANCZOS);

  private final int swsFlags;

  ScalingFilter(int swsFlags) {
    this.swsFlags = swsFlags;
  }

  public int swsFlags() {
    return swsFlags;
  }

  /** The configuration's name for it. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ScalingFilter of(String configName) {
    return valueOf(configName.toUpperCase(Locale.ROOT));
  }
}
