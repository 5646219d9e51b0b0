package io.autoencoded.deploy;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** What a video file holds, read back with FFmpeg: decoded frame count, frame rate and size. */
public record VideoProbe(long frames, double fps, int width, int height) {
  public static VideoProbe of(Path file) throws Exception {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.start();
      long n = 0;
      Frame f;
      while ((f = g.grabImage()) != null) {
        if (f.image != null) {
          n++;
        }
      }
      VideoProbe probe = new VideoProbe(n, g.getFrameRate(), g.getImageWidth(), g.getImageHeight());
      g.stop();
      return probe;
    }
  }
}
