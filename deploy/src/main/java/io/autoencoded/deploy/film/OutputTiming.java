package io.autoencoded.deploy.film;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * The timing of a video file as its packets say it, read without decoding (two hours of packets take seconds): the
 * number of video frames, whether their presentation times are exactly one frame apart from the first to the last (so
 * no frame is missing, doubled or out of place in time), the frame rate they make, and where the sound ends against
 * the picture. A film is in sync at its end when {@link #audioEndOffsetSeconds()} is within one frame.
 *
 * @param videoFrames video packets (one per frame: the encoders here write no packed B-frames)
 * @param evenlySpaced the sorted presentation times are first + i × one frame, for every i
 * @param framesPerSecond frames over the span from the first frame's time to the end of the last
 * @param videoEndSeconds the end of the last frame (its time plus one frame), from the file's start
 * @param audioEndSeconds the end of the last audio packet; NaN without sound
 */
public record OutputTiming(long videoFrames, boolean evenlySpaced, double framesPerSecond, double videoStartSeconds,
    double videoEndSeconds, double audioStartSeconds, double audioEndSeconds) {

  public static OutputTiming of(Path file) throws Exception {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.start(false);
      AVFormatContext ctx = g.getFormatContext();
      int video = -1;
      int audio = -1;
      for (int i = 0; i < ctx.nb_streams(); i++) {
        int type = ctx.streams(i).codecpar().codec_type();
        if (type == avutil.AVMEDIA_TYPE_VIDEO && video < 0) {
          video = i;
        } else if (type == avutil.AVMEDIA_TYPE_AUDIO && audio < 0) {
          audio = i;
        }
      }
      if (video < 0) {
        throw new IllegalStateException(file + " has no video stream");
      }
      double videoBase = seconds(ctx.streams(video).time_base());
      double audioBase = audio < 0 ? Double.NaN : seconds(ctx.streams(audio).time_base());
      long[] pts = new long[1 << 16];
      int n = 0;
      long audioFirst = Long.MAX_VALUE;
      long audioEnd = Long.MIN_VALUE;
      AVPacket p;
      while ((p = g.grabPacket()) != null) {
        try {
          if (p.stream_index() == video) {
            if (n == pts.length) {
              pts = Arrays.copyOf(pts, n * 2); // 8 bytes a frame: the one film-sized array, and it is the check
            }
            pts[n++] = p.pts();
          } else if (p.stream_index() == audio) {
            audioFirst = Math.min(audioFirst, p.pts());
            audioEnd = Math.max(audioEnd, p.pts() + p.duration());
          }
        } finally {
          avcodec.av_packet_unref(p);
        }
      }
      g.stop();
      long[] sorted = Arrays.copyOf(pts, n);
      Arrays.sort(sorted);
      double frame = n > 1 ? (double) (sorted[n - 1] - sorted[0]) / (n - 1) : 1 / videoBase / 24;
      boolean even = true;
      for (int i = 0; i < n && even; i++) {
        even = Math.abs(sorted[i] - (sorted[0] + i * frame)) < 1.0;
      }
      double start = n == 0 ? Double.NaN : sorted[0] * videoBase;
      double end = n == 0 ? Double.NaN : (sorted[n - 1] + frame) * videoBase;
      double fps = n == 0 ? Double.NaN : 1 / (frame * videoBase);
      return new OutputTiming(n, even, fps, start, end,
          audio < 0 || audioFirst == Long.MAX_VALUE ? Double.NaN : audioFirst * audioBase,
          audio < 0 || audioEnd == Long.MIN_VALUE ? Double.NaN : audioEnd * audioBase);
    }
  }

  private static double seconds(AVRational r) {
    return (double) r.num() / r.den();
  }

  /** Where the sound ends against the picture: positive when it runs on past the last frame. */
  public double audioEndOffsetSeconds() {
    return audioEndSeconds - videoEndSeconds;
  }

  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("video_frames", videoFrames);
    m.put("evenly_spaced", evenlySpaced);
    m.put("fps", round(framesPerSecond));
    m.put("video_start_s", round(videoStartSeconds));
    m.put("video_end_s", round(videoEndSeconds));
    m.put("audio_start_s", round(audioStartSeconds));
    m.put("audio_end_s", round(audioEndSeconds));
    m.put("audio_end_offset_s", round(audioEndOffsetSeconds()));
    return m;
  }

  private static Double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1e6) / 1e6 : null;
  }
}
