package io.autoencoded.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Keeps a film's soundtrack: copies the packets of its audio stream, unchanged (no re-encoding), into a
 * Matroska audio file. Timestamps are shifted so that 0 is the film's first video frame (pts_us 0 in the frame
 * store); audio before that frame is dropped, so muxing the audio at 0 beside the frames is in sync.
 */
final class AudioExtractor {
  private AudioExtractor() {}

  /**
   * @param firstVideoPts the first frame's presentation timestamp in the video stream's time base
   * @return whether an audio file was written (false when the film has no audio stream or it cannot be copied)
   */
  static boolean extract(Path film, String name, Path out, long firstVideoPts) {
    try (FilmInput input = FilmInput.open(film, name)) {
      AVStream in = input.audio();
      if (in == null) {
        return false;
      }
      AVFormatContext mux = new AVFormatContext(null);
      if (avformat_alloc_output_context2(mux, null, "matroska", out.toString()) < 0) {
        return false;
      }
      AVPacket packet = av_packet_alloc();
      boolean opened = false;
      try {
        AVStream o = avformat_new_stream(mux, (AVCodec) null);
        if (avcodec_parameters_copy(o.codecpar(), in.codecpar()) < 0) {
          return false;
        }
        o.codecpar().codec_tag(0);
        o.time_base(in.time_base());
        AVIOContext pb = new AVIOContext(null);
        if (avio_open(pb, out.toString(), AVIO_FLAG_WRITE) < 0) {
          return false;
        }
        mux.pb(pb);
        opened = true;
        if (avformat_write_header(mux, (AVDictionary) null) < 0) {
          return false;
        }
        AVRational inTb = in.time_base();
        long shift = firstVideoPts == FilmScan.NO_TS ? 0
            : av_rescale_q(firstVideoPts, input.video().time_base(), inTb);
        long packets = 0;
        while (av_read_frame(input.format, packet) >= 0) {
          if (packet.stream_index() == input.audioIndex && packet.pts() != AV_NOPTS_VALUE
              && packet.pts() - shift >= 0) {
            packet.pts(packet.pts() - shift);
            packet.dts(packet.dts() == AV_NOPTS_VALUE ? packet.pts() : Math.max(0, packet.dts() - shift));
            packet.stream_index(0);
            packet.pos(-1);
            av_packet_rescale_ts(packet, inTb, o.time_base());
            if (av_interleaved_write_frame(mux, packet) >= 0) {
              packets++;
            }
          }
          av_packet_unref(packet);
        }
        av_write_trailer(mux);
        return packets > 0;
      } finally {
        av_packet_free(packet);
        if (opened) {
          avio_closep(mux.pb());
        }
        avformat_free_context(mux);
      }
    }
  }
}
