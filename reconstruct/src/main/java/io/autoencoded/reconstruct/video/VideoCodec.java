package io.autoencoded.reconstruct.video;

import java.util.Locale;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * The encoders segments are written with. The default FFmpeg build of JavaCV encodes H.264 only through
 * libopenh264 (Constrained Baseline: no B-frames, so decode order is presentation order); mpeg4 is the
 * fallback. Neither reorders frames, which the muxer relies on.
 */
public enum VideoCodec {
  H264, MPEG4;

  public static VideoCodec of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** Whether this FFmpeg build can encode with this codec (writes and deletes one tiny frame). */
  public boolean available() {
    java.nio.file.Path probe = null;
    try {
      probe = io.autoencoded.job.scratch.ProcessScratch.newFile("codec-probe-", ".mp4");
      try (SegmentVideoWriter w = new SegmentVideoWriter(probe, 32, 32, 25, 1, this, 0.2)) {
        w.write(new byte[32 * 32 * 3]);
      }
      return true;
    } catch (java.io.IOException | RuntimeException | UnsatisfiedLinkError e) {
      return false;
    } finally {
      if (probe != null) {
        probe.toFile().delete();
      }
    }
  }

  void configure(FFmpegFrameRecorder recorder) {
    // one encoder thread: libopenh264 with several threads encodes the same frames differently from run to run
    // (cisco/openh264#2181; from 144x256 up on 2 cores here), so a resumed reconstruct could not equal an
    // uninterrupted one. It costs nothing measurable: the encoder is a small share of a segment's work, and the
    // executor's other tasks keep its cores busy.
    recorder.setVideoOption("threads", "1");
    if (this == H264) {
      recorder.setVideoCodecName("libopenh264");
    } else {
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      // qscale-style constant quality is not used: the bitrate keeps segment sizes predictable
    }
    recorder.setGopSize(12);
    recorder.setMaxBFrames(0);
  }
}
