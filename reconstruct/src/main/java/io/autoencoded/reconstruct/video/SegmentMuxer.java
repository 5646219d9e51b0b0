package io.autoencoded.reconstruct.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_query_codec;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Joins encoded video segments, in the order given, into one MP4 by packet copy (no re-encoding), with an
 * optional audio stream copied beside them. Video packet k of the whole film gets presentation time
 * k x frameRateDen / frameRateNum seconds, so the output has exactly the segments' frames, in order, at the
 * film's own rational frame rate, whatever time base each segment was written with. This relies on the
 * segments' codec not reordering frames (decode order = presentation order), which {@link VideoCodec}
 * guarantees and the muxer checks.
 */
public final class SegmentMuxer {
  static {
    // FFmpeg writes every stream's setup to stderr by default: keep the console for progress and errors
    FfmpegLogging.quiet();
  }

  /** FFmpeg's FF_COMPLIANCE_EXPERIMENTAL: lets the mp4 muxer take audio codecs such as Vorbis or Opus. */
  private static final int COMPLIANCE_EXPERIMENTAL = -2;

  /** A segment file and the number of frames it must hold. */
  public record Segment(Path file, int frames) {}

  /**
   * The film's soundtrack: {@code startUs} is the audio timestamp (in the audio file's own clock, microseconds)
   * that lines up with the first video frame.
   */
  public record Audio(Path file, long startUs) {}

  public record Result(long frames, long audioPackets, boolean audioKept, double seconds) {}

  private SegmentMuxer() {}

  public static Result mux(List<Segment> segments, int rateNum, int rateDen, Optional<Audio> audio, Path out,
      Consumer<String> warn) throws IOException {
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("no segments to mux");
    }
    long start = System.nanoTime();
    AVRational frameTb = av_make_q(rateDen, rateNum);
    AVRational microseconds = av_make_q(1, 1_000_000);
    AVFormatContext output = new AVFormatContext(null);
    check(avformat_alloc_output_context2(output, null, "mp4", out.toString()), "open the output " + out);
    output.strict_std_compliance(COMPLIANCE_EXPERIMENTAL);
    Input first = Input.open(segments.get(0).file(), AVMEDIA_TYPE_VIDEO);
    Input sound = null;
    AVPacket packet = av_packet_alloc();
    boolean headerWritten = false;
    try {
      AVStream videoOut = avformat_new_stream(output, null);
      check(avcodec_parameters_copy(videoOut.codecpar(), first.stream().codecpar()), "copy the video parameters");
      videoOut.codecpar().codec_tag(0);
      videoOut.time_base(frameTb);
      videoOut.avg_frame_rate(av_make_q(rateNum, rateDen));
      videoOut.r_frame_rate(av_make_q(rateNum, rateDen));
      AVStream audioOut = null;
      if (audio.isPresent()) {
        sound = Input.openOptional(audio.get().file(), AVMEDIA_TYPE_AUDIO);
        if (sound == null) {
          warn.accept("the stored soundtrack " + audio.get().file().getFileName() + " has no audio stream: "
              + "the video is written without sound");
        } else if (avformat_query_codec(output.oformat(), sound.stream().codecpar().codec_id(),
            COMPLIANCE_EXPERIMENTAL) != 1) {
          warn.accept("the soundtrack's codec cannot be stored in MP4: the video is written without sound");
          sound.close();
          sound = null;
        } else {
          audioOut = avformat_new_stream(output, null);
          check(avcodec_parameters_copy(audioOut.codecpar(), sound.stream().codecpar()), "copy the audio parameters");
          audioOut.codecpar().codec_tag(0);
          audioOut.time_base(sound.stream().time_base());
        }
      }
      AVIOContext pb = new AVIOContext(null);
      check(avio_open(pb, out.toString(), AVIO_FLAG_WRITE), "create " + out);
      output.pb(pb);
      check(avformat_write_header(output, (AVDictionary) null), "write the MP4 header");
      headerWritten = true;
      AVRational videoTb = videoOut.time_base();
      long totalFrames = segments.stream().mapToLong(Segment::frames).sum();
      long endUs = av_rescale_q(totalFrames, frameTb, microseconds);
      long audioShift = audio.map(Audio::startUs).orElse(0L);

      long frame = 0;
      long audioPackets = 0;
      long nextAudioUs = sound == null ? Long.MAX_VALUE : 0;
      boolean audioDone = sound == null;
      Input current = first;
      first = null;
      for (int s = 0; s < segments.size(); s++) {
        Segment segment = segments.get(s);
        if (current == null) {
          current = Input.open(segment.file(), AVMEDIA_TYPE_VIDEO);
        }
        long inSegment = 0;
        while (av_read_frame(current.context(), packet) >= 0) {
          if (packet.stream_index() != current.index()) {
            av_packet_unref(packet);
            continue;
          }
          if (packet.pts() != AV_NOPTS_VALUE() && packet.dts() != AV_NOPTS_VALUE() && packet.pts() != packet.dts()) {
            av_packet_unref(packet);
            throw new IOException("segment " + segment.file().getFileName() + " reorders frames (pts != dts): "
                + "write segments with a codec without B-frames");
          }
          // audio that plays before this frame goes first, so that the muxer never buffers much
          long frameUs = av_rescale_q(frame, frameTb, microseconds);
          while (!audioDone && nextAudioUs <= frameUs) {
            AudioStep step = copyAudio(sound, output, audioOut, audioShift, endUs);
            audioDone = step.done();
            nextAudioUs = step.nextUs();
            audioPackets += step.written();
          }
          packet.stream_index(0);
          packet.pts(av_rescale_q(frame, frameTb, videoTb));
          packet.dts(packet.pts());
          packet.duration(av_rescale_q(frame + 1, frameTb, videoTb) - packet.pts());
          packet.pos(-1);
          check(av_interleaved_write_frame(output, packet), "write video packet " + frame);
          frame++;
          inSegment++;
        }
        current.close();
        current = null;
        if (inSegment != segment.frames()) {
          throw new IOException("segment " + segment.file().getFileName() + " holds " + inSegment + " frames, "
              + "expected " + segment.frames());
        }
      }
      while (!audioDone) {
        AudioStep step = copyAudio(sound, output, audioOut, audioShift, endUs);
        audioDone = step.done();
        audioPackets += step.written();
      }
      check(av_write_trailer(output), "finish the MP4");
      return new Result(frame, audioPackets, audioOut != null, (System.nanoTime() - start) / 1e9);
    } finally {
      if (first != null) {
        first.close();
      }
      if (sound != null) {
        sound.close();
      }
      av_packet_free(packet);
      if (output.pb() != null && !output.pb().isNull()) {
        avio_closep(output.pb());
      }
      avformat_free_context(output);
      if (!headerWritten) {
        java.nio.file.Files.deleteIfExists(out);
      }
    }
  }

  private record AudioStep(boolean done, long nextUs, int written) {}

  /** Copies the next audio packet (if it falls inside the film) and says when the one after it plays. */
  private static AudioStep copyAudio(Input sound, AVFormatContext output, AVStream audioOut, long shiftUs,
      long endUs) throws IOException {
    AVPacket p = sound.packet();
    AVRational microseconds = av_make_q(1, 1_000_000);
    AVRational inTb = sound.stream().time_base();
    while (true) {
      if (av_read_frame(sound.context(), p) < 0) {
        return new AudioStep(true, Long.MAX_VALUE, 0);
      }
      if (p.stream_index() != sound.index()) {
        av_packet_unref(p);
        continue;
      }
      long ts = p.pts() != AV_NOPTS_VALUE() ? p.pts() : p.dts();
      if (ts == AV_NOPTS_VALUE()) {
        av_packet_unref(p);
        continue;
      }
      long atUs = av_rescale_q(ts, inTb, microseconds) - shiftUs;
      if (atUs < 0) {
        av_packet_unref(p);
        continue;
      }
      if (atUs >= endUs) {
        av_packet_unref(p);
        return new AudioStep(true, Long.MAX_VALUE, 0);
      }
      long shift = av_rescale_q(shiftUs, microseconds, inTb);
      AVRational outTb = audioOut.time_base();
      long pts = av_rescale_q(ts - shift, inTb, outTb);
      long dts = p.dts() == AV_NOPTS_VALUE() ? pts : av_rescale_q(p.dts() - shift, inTb, outTb);
      p.pts(pts);
      p.dts(Math.min(dts, pts));
      p.duration(av_rescale_q(p.duration(), inTb, outTb));
      p.stream_index(audioOut.index());
      p.pos(-1);
      check(av_interleaved_write_frame(output, p), "write an audio packet");
      return new AudioStep(false, atUs, 1);
    }
  }

  static void check(int code, String what) throws IOException {
    if (code < 0) {
      byte[] buf = new byte[256];
      av_strerror(code, buf, buf.length);
      int n = 0;
      while (n < buf.length && buf[n] != 0) {
        n++;
      }
      throw new IOException("cannot " + what + ": " + new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** One opened input file and the stream of the wanted type in it. */
  private record Input(AVFormatContext context, AVStream stream, int index, AVPacket packet) {
    static Input open(Path file, int type) throws IOException {
      Input in = openOptional(file, type);
      if (in == null) {
        throw new IOException(file.getFileName() + " has no " + (type == AVMEDIA_TYPE_VIDEO ? "video" : "audio")
            + " stream");
      }
      return in;
    }

    static Input openOptional(Path file, int type) throws IOException {
      AVFormatContext ctx = new AVFormatContext(null);
      check(avformat_open_input(ctx, file.toString(), null, null), "open " + file.getFileName());
      try {
        check(avformat_find_stream_info(ctx, (AVDictionary) null), "read the streams of " + file.getFileName());
      } catch (IOException e) {
        avformat_close_input(ctx);
        throw e;
      }
      for (int i = 0; i < ctx.nb_streams(); i++) {
        if (ctx.streams(i).codecpar().codec_type() == type) {
          return new Input(ctx, ctx.streams(i), i, av_packet_alloc());
        }
      }
      avformat_close_input(ctx);
      return null;
    }

    void close() {
      av_packet_free(packet);
      avformat_close_input(context);
    }
  }
}
