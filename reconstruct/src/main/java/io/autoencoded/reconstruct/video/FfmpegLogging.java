package io.autoencoded.reconstruct.video;

import org.bytedeco.ffmpeg.global.avutil;

/** FFmpeg's native log level for this module: errors only, unless -Dautoencoded.ffmpeg.verbose=true. */
final class FfmpegLogging {
  private FfmpegLogging() {}

  static void quiet() {
    if (!Boolean.getBoolean("autoencoded.ffmpeg.verbose")) {
      avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }
  }
}
