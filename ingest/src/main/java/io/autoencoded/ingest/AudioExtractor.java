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
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Keeps a film's soundtrack: copies the packets of its audio stream, unchanged (no re-encoding), into a
 * Matroska audio file; a codec Matroska cannot hold (QuickTime IMA ADPCM, for one) is re-encoded to AAC instead. Timestamps are shifted so that 0 is the film's first video frame (pts_us 0 in the frame
 * store); audio before that frame is dropped, so muxing the audio at 0 beside the frames is in sync.
 */
final class AudioExtractor {
  /** AAC bit rate per channel of a re-encoded soundtrack (transparent for most material at 2 channels). */
  static final int AAC_BITS_PER_CHANNEL = 96_000;
  private static final AVRational MICROSECONDS = av_make_q(1, 1_000_000);

  private AudioExtractor() {}

  /**
   * @param firstVideoPts the first frame's presentation timestamp in the video stream's time base
   * @return whether an audio file was written (false when the film has no audio stream, or it can be neither
   *     copied nor re-encoded)
   */
  static boolean extract(Path film, String name, Path out, long firstVideoPts) {
    long firstVideoUs;
    try (FilmInput input = FilmInput.open(film, name)) {
      if (input.audio() == null) {
        return false;
      }
      firstVideoUs = firstVideoPts == FilmScan.NO_TS ? 0
          : av_rescale_q(firstVideoPts, input.video().time_base(), MICROSECONDS);
    }
    // Matroska takes nearly every codec as it is; the few it has no tag for are re-encoded to AAC
    return copy(film, name, out, firstVideoPts) || reencode(film, out, firstVideoUs);
  }

  /** Packet copy, no re-encoding: false when the codec cannot be put into Matroska as it is. */
  static boolean copy(Path film, String name, Path out, long firstVideoPts) {
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
        return av_write_trailer(mux) >= 0 && packets > 0;
      } finally {
        av_packet_free(packet);
        if (opened) {
          avio_closep(mux.pb());
        }
        avformat_free_context(mux);
      }
    }
  }

  /**
   * Decodes the soundtrack and encodes it to AAC in Matroska: the fallback for codecs Matroska cannot hold.
   * As with the copy, audio frames that start before the first video frame are dropped and the first kept one
   * is at 0.
   */
  static boolean reencode(Path film, Path out, long firstVideoUs) {
    try (FFmpegFrameGrabber in = new FFmpegFrameGrabber(film.toFile())) {
      in.start();
      int channels = in.getAudioChannels();
      if (channels <= 0 || in.getSampleRate() <= 0) {
        return false;
      }
      long samples = 0;
      try (FFmpegFrameRecorder aac = new FFmpegFrameRecorder(out.toFile(), 0, 0, channels)) {
        aac.setFormat("matroska");
        aac.setAudioCodec(AV_CODEC_ID_AAC);
        aac.setSampleRate(in.getSampleRate());
        aac.setAudioChannels(channels);
        aac.setAudioBitrate(AAC_BITS_PER_CHANNEL * Math.min(channels, 2));
        aac.start();
        for (Frame f; (f = in.grabSamples()) != null; ) {
          if (f.samples == null || f.timestamp < firstVideoUs) {
            continue;
          }
          aac.recordSamples(f.sampleRate, f.audioChannels, f.samples);
          samples++;
        }
        aac.stop();
      }
      in.stop();
      return samples > 0;
    } catch (org.bytedeco.javacv.FrameGrabber.Exception | org.bytedeco.javacv.FrameRecorder.Exception e) {
      return false;
    }
  }
}
