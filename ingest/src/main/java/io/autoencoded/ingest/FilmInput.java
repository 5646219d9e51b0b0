package io.autoencoded.ingest;

import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import io.autoencoded.job.cli.UserException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A film opened by FFmpeg's demuxer, with its video stream (and audio stream, if any) chosen the way the
 * ffmpeg tool chooses them. Anything about the file that makes it unusable is a {@link UserException}.
 */
final class FilmInput implements AutoCloseable {
  static {
    // FFmpeg's own chatter (concealed errors after a seek, probing notes) is not for users: we report ourselves
    av_log_set_level(AV_LOG_FATAL);
  }

  final AVFormatContext format;
  final int videoIndex;
  final int audioIndex;
  final String name;

  private FilmInput(AVFormatContext format, int videoIndex, int audioIndex, String name) {
    this.format = format;
    this.videoIndex = videoIndex;
    this.audioIndex = audioIndex;
    this.name = name;
  }

  static FilmInput open(Path file, String name) {
    AVFormatContext format = new AVFormatContext(null);
    int r = avformat_open_input(format, file.toString(), null, (AVDictionary) null);
    if (r < 0) {
      throw new UserException("Film " + name + " is not a video FFmpeg can read (" + error(r)
          + "): pass a video file (mp4, mkv, avi, mpg, webm, ...).");
    }
    boolean ok = false;
    try {
      r = avformat_find_stream_info(format, (PointerPointer<?>) null);
      if (r < 0) {
        throw new UserException("Film " + name + " is damaged or not a video (" + error(r)
            + "): pass a complete video file.");
      }
      int video = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
      if (video < 0 || format.streams(video).codecpar().width() <= 0 || isAttachedPicture(format.streams(video))) {
        throw new UserException("Film " + name + " has no video stream: pass a file with moving pictures.");
      }
      int audio = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, video, (AVCodec) null, 0);
      ok = true;
      return new FilmInput(format, video, audio < 0 ? -1 : audio, name);
    } finally {
      if (!ok) {
        avformat_close_input(format);
      }
    }
  }

  private static boolean isAttachedPicture(AVStream stream) {
    return (stream.disposition() & org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC) != 0;
  }

  AVStream video() {
    return format.streams(videoIndex);
  }

  AVStream audio() {
    return audioIndex < 0 ? null : format.streams(audioIndex);
  }

  static String error(int code) {
    byte[] buf = new byte[256];
    av_strerror(code, buf, buf.length);
    int n = 0;
    while (n < buf.length && buf[n] != 0) {
      n++;
    }
    return new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    avformat_close_input(format);
  }
}
