package io.autoencoded.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_DISCARD;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;

/** The demux-only pass over a film: reads every packet, decodes nothing. */
public final class FilmScanner {
  private FilmScanner() {}

  public static FilmScan scan(Path file, String name) {
    try (FilmInput input = FilmInput.open(file, name)) {
      AVStream video = input.video();
      long[] pts = new long[1024];
      long[] dts = new long[1024];
      boolean[] key = new boolean[1024];
      int n = 0;
      long containerPackets = 0;
      boolean readError = false;
      AVPacket packet = av_packet_alloc();
      try {
        while (true) {
          int r = av_read_frame(input.format, packet);
          if (r < 0) {
            readError = r != AVERROR_EOF;
            break;
          }
          if (packet.stream_index() == input.videoIndex) {
            containerPackets++;
          }
          // empty packets (AVI's dropped frames) and ones marked for discarding decode to no picture
          if (packet.stream_index() == input.videoIndex && packet.size() > 0
              && (packet.flags() & AV_PKT_FLAG_DISCARD) == 0) {
            if (n == pts.length) {
              pts = Arrays.copyOf(pts, n * 2);
              dts = Arrays.copyOf(dts, n * 2);
              key = Arrays.copyOf(key, n * 2);
            }
            pts[n] = packet.pts() == AV_NOPTS_VALUE ? FilmScan.NO_TS : packet.pts();
            dts[n] = packet.dts() == AV_NOPTS_VALUE ? FilmScan.NO_TS : packet.dts();
            key[n] = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
            n++;
          }
          av_packet_unref(packet);
        }
      } finally {
        av_packet_free(packet);
      }
      AVRational tb = video.time_base();
      AVRational rate = frameRate(video);
      long claimed = -1;
      boolean exact = false;
      if (video.nb_frames() > 0) {
        claimed = video.nb_frames();
        exact = true;
      } else if (rate.num() > 0 && rate.den() > 0) {
        // only the video stream's own duration: the file's duration also covers a longer soundtrack
        double seconds = -1;
        if (video.duration() != AV_NOPTS_VALUE && video.duration() > 0) {
          seconds = video.duration() * (double) tb.num() / tb.den();
        }
        if (seconds > 0) {
          claimed = Math.round(seconds * rate.num() / rate.den());
        }
      }
      AVRational sar = video.codecpar().sample_aspect_ratio();
      AVStream audio = input.audio();
      return new FilmScan(input.format.iformat().name().getString(),
          avcodec_get_name(video.codecpar().codec_id()).getString(),
          video.codecpar().width(), video.codecpar().height(), sar.num(), sar.den(), tb.num(), tb.den(),
          rate.num(), rate.den(), claimed, exact, audio != null,
          audio == null ? null : avcodec_get_name(audio.codecpar().codec_id()).getString(),
          Arrays.copyOf(pts, n), Arrays.copyOf(dts, n), Arrays.copyOf(key, n), containerPackets, readError);
    }
  }

  /** The average frame rate when the container knows it, else the base rate, else 25 fps. */
  private static AVRational frameRate(AVStream video) {
    AVRational avg = video.avg_frame_rate();
    if (avg.num() > 0 && avg.den() > 0) {
      return avg;
    }
    AVRational base = video.r_frame_rate();
    if (base.num() > 0 && base.den() > 0) {
      return base;
    }
    return new AVRational().num(25).den(1);
  }
}
