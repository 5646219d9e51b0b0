package io.autoencoded.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.autoencoded.job.cli.UserException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes a film's video stream frame by frame, in presentation order, and scales each picture with FFmpeg's
 * swscale (with the configured filter) to RGB24 at the fit geometry's scaled size.
 * Not thread-safe: one per task.
 */
final class VideoDecoder implements AutoCloseable {
  private final FilmInput input;
  private final AVCodecContext codec;
  private final AVPacket packet = av_packet_alloc();
  private final AVFrame frame = av_frame_alloc();
  private final FitGeometry geometry;
  private final ScalingFilter scaling;
  private final BytePointer rgb;
  private final PointerPointer<BytePointer> rgbPlanes;
  private final IntPointer rgbStrides;
  private final byte[] scaled;
  private final boolean exactSize;
  private SwsContext sws;
  private boolean flushing;
  /** A packet read by a seek's check, not yet sent to the decoder. */
  private boolean pending;
  private boolean finished;
  private long damagedPackets;
  private boolean readError;

  VideoDecoder(Path file, String name, FitGeometry geometry, ScalingFilter scaling, int threads) {
    this.input = FilmInput.open(file, name);
    this.geometry = geometry;
    this.scaling = scaling;
    AVCodec decoder = avcodec_find_decoder(input.video().codecpar().codec_id());
    if (decoder == null) {
      input.close();
      throw new UserException("Film " + name + " uses a video codec this FFmpeg build cannot decode: "
          + "convert it first (e.g. ffmpeg -i FILM -c:v libx264 out.mp4).");
    }
    codec = avcodec_alloc_context3(decoder);
    avcodec_parameters_to_context(codec, input.video().codecpar());
    codec.pkt_timebase(input.video().time_base());
    codec.thread_count(threads);
    int r = avcodec_open2(codec, decoder, (AVDictionary) null);
    if (r < 0) {
      close();
      throw new UserException("Film " + name + "'s video decoder cannot start (" + FilmInput.error(r)
          + "): the file is damaged or its codec unsupported.");
    }
    int stride = geometry.scaledWidth() * 3;
    rgb = new BytePointer((long) stride * geometry.scaledHeight());
    rgbPlanes = new PointerPointer<>(rgb, null, null, null);
    rgbStrides = new IntPointer(stride, 0, 0, 0);
    exactSize = geometry.scaledWidth() == geometry.width() && geometry.scaledHeight() == geometry.height();
    scaled = exactSize ? null : new byte[stride * geometry.scaledHeight()];
  }

  /**
   * Positions the demuxer on the keyframe shown at {@code keyPts} and decoded at {@code keyDts} (stream time
   * base), or failing that on an earlier keyframe; decoding restarts there.
   *
   * <p>Containers disagree on what a seek target means. FFmpeg's MP4 demuxer takes it as a presentation time
   * and backs off a whole group of pictures when the keyframe is shown after the target, so seeking to a
   * keyframe's decode time (earlier than its presentation time when there are B-frames) decoded the previous
   * group for nothing; Matroska's cues are presentation times too. Index-based seeks of other demuxers take
   * decode times, and a presentation-time target could land them on a later keyframe. So: try the
   * presentation time, look at the first video packet, and seek to the decode time (which never lands late)
   * only when the first try overshot.
   */
  void seekToKeyframe(long keyPts, long keyDts) {
    seekTo(keyPts);
    if (!readFirstVideoPacket() || landedAfter(keyPts, keyDts)) {
      pending = false;
      av_packet_unref(packet);
      seekTo(keyDts);
    }
  }

  private void seekTo(long ts) {
    int r = av_seek_frame(input.format, input.videoIndex, ts, AVSEEK_FLAG_BACKWARD);
    if (r < 0) {
      throw new SegmentMismatchException("seeking to " + ts + " failed (" + FilmInput.error(r) + ")");
    }
    avcodec_flush_buffers(codec);
    flushing = false;
    finished = false;
  }

  /** Reads up to the first video packet, keeping it for {@link #next()}; false at the end of the file. */
  private boolean readFirstVideoPacket() {
    while (av_read_frame(input.format, packet) >= 0) {
      if (packet.stream_index() == input.videoIndex && packet.size() > 0) {
        pending = true;
        return true;
      }
      av_packet_unref(packet);
    }
    return false;
  }

  private boolean landedAfter(long keyPts, long keyDts) {
    long dts = packet.dts();
    long pts = packet.pts();
    if (pts == keyPts) {
      return false; // the keyframe itself (Matroska guesses its decode time differently after a seek)
    }
    if (dts != AV_NOPTS_VALUE) {
      return dts > keyDts;
    }
    return pts == AV_NOPTS_VALUE || pts > keyPts;
  }

  /** Decodes the next picture; false at the end of the stream. */
  boolean next() {
    if (finished) {
      return false;
    }
    while (true) {
      int r = avcodec_receive_frame(codec, frame);
      if (r == 0) {
        return true;
      }
      if (r == AVERROR_EOF || flushing && r != AVERROR_EAGAIN()) {
        finished = true;
        return false;
      }
      if (r != AVERROR_EAGAIN()) {
        // a damaged picture: keep going with the next packet
        damagedPackets++;
      }
      if (flushing) {
        finished = true;
        return false;
      }
      r = pending ? 0 : av_read_frame(input.format, packet);
      pending = false;
      if (r < 0) {
        readError = r != AVERROR_EOF;
        // end of the file: drain the pictures the decoder still holds (its reordering delay)
        avcodec_send_packet(codec, null);
        flushing = true;
        continue;
      }
      if (packet.stream_index() == input.videoIndex && packet.size() > 0) {
        r = avcodec_send_packet(codec, packet);
        if (r < 0 && r != AVERROR_EAGAIN()) {
          damagedPackets++;
        }
      }
      av_packet_unref(packet);
    }
  }

  /** The current picture's presentation timestamp (FFmpeg's best effort), or NO_TS. */
  long pts() {
    long ts = frame.best_effort_timestamp();
    return ts == AV_NOPTS_VALUE ? FilmScan.NO_TS : ts;
  }

  /** The current picture, scaled and fitted: RGB24, height x width x 3. */
  byte[] pixels() {
    sws = sws_getCachedContext(sws, frame.width(), frame.height(), frame.format(), geometry.scaledWidth(),
        geometry.scaledHeight(), AV_PIX_FMT_RGB24, scaling.swsFlags(), null, null, (DoublePointer) null);
    if (sws == null) {
      throw new UserException("Film " + input.name + " has a picture format swscale cannot convert: convert it first.");
    }
    // views into the AVFrame, not new native allocations: JavaCPP accounts every allocation with a system call
    sws_scale(sws, frame.data(), frame.linesize(), 0, frame.height(), rgbPlanes, rgbStrides);
    if (exactSize) {
      // nothing to crop or pad (a 16:9 film at 256x144): one copy, from swscale's buffer into the frame's own
      byte[] out = new byte[geometry.frameBytes()];
      rgb.position(0).get(out);
      return out;
    }
    rgb.position(0).get(scaled);
    return geometry.fit(scaled, geometry.scaledWidth() * 3);
  }

  long damagedPackets() {
    return damagedPackets;
  }

  boolean readError() {
    return readError;
  }

  @Override
  public void close() {
    if (codec != null) {
      avcodec_free_context(codec);
    }
    av_frame_free(frame);
    av_packet_free(packet);
    if (sws != null) {
      sws_freeContext(sws);
      sws = null;
    }
    if (rgb != null) {
      rgb.close();
    }
    input.close();
  }
}
