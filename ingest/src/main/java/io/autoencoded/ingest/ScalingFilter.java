package io.autoencoded.ingest;

import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_LANCZOS;

import java.util.Locale;

/**
 * The filter swscale resamples a picture with to the training size ({@code ingest.scaling}). Shrinking a 720p
 * picture to 256x144 with {@code area} makes each output pixel the mean of the source pixels it covers; it
 * took 0.32 ms a frame where bilinear (a tent filter twice as wide, blurrier) took 0.45 and bicubic 0.71
 * (docs/PERFORMANCE.md, Ingest). Enlarging, area is bilinear.
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
