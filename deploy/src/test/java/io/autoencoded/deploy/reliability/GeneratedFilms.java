package io.autoencoded.deploy.reliability;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Films made at test time with JavaCV's recorder, each frame different so that a lost or repeated one shows. */
final class GeneratedFilms {
  private GeneratedFilms() {}

  /** An MPEG-4 Part 2 film in a Matroska container at a constant rate. */
  static Path constantRate(Path file, int width, int height, int frames, double fps) throws Exception {
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
      r.setFormat("matroska");
      r.setVideoCodec(AV_CODEC_ID_MPEG4);
      r.setFrameRate(fps);
      r.setGopSize(25);
      r.setVideoQuality(4);
      r.start();
      Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
      for (int i = 0; i < frames; i++) {
        paint(frame, i);
        r.record(frame, AV_PIX_FMT_BGR24);
      }
      r.stop();
    }
    return file;
  }

  /**
   * A film whose frame durations vary (40 ms and 80 ms alternating in runs), written by setting each frame's
   * timestamp in a container with a millisecond time base.
   */
  static Path variableRate(Path file, int width, int height, int frames) throws Exception {
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
      r.setFormat("matroska");
      r.setVideoCodec(AV_CODEC_ID_MPEG4);
      r.setFrameRate(25);
      r.setGopSize(25);
      r.setVideoQuality(4);
      r.start();
      Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
      long micros = 0;
      for (int i = 0; i < frames; i++) {
        paint(frame, i);
        r.setTimestamp(micros);
        r.record(frame, AV_PIX_FMT_BGR24);
        micros += (i / 10) % 2 == 0 ? 40_000 : 80_000;
      }
      r.stop();
    }
    return file;
  }

  /** An AAC-in-MP4 file with one second of tone and no video stream at all. */
  static Path audioOnly(Path file) throws Exception {
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), 0, 0, 1)) {
      r.setFormat("mp4");
      r.setAudioCodec(AV_CODEC_ID_AAC);
      r.setSampleRate(22050);
      r.setAudioChannels(1);
      r.start();
      short[] s = new short[22050];
      for (int k = 0; k < s.length; k++) {
        s[k] = (short) (8000 * Math.sin(2 * Math.PI * 440 * k / 22050.0));
      }
      r.recordSamples(22050, 1, ShortBuffer.wrap(s));
      r.stop();
    }
    return file;
  }

  private static void paint(Frame frame, int index) {
    ByteBuffer buf = (ByteBuffer) frame.image[0];
    int stride = frame.imageStride;
    int w = frame.imageWidth;
    int h = frame.imageHeight;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int bit = (x * 8 / w) + 8 * (y * 2 / h);
        boolean on = ((index >> bit) & 1) != 0;
        int o = y * stride + x * 3;
        buf.put(o, (byte) (on ? 230 : 20));
        buf.put(o + 1, (byte) ((x * 255 / w + index * 7) & 0xff));
        buf.put(o + 2, (byte) ((y * 255 / h + index * 3) & 0xff));
      }
    }
  }
}
