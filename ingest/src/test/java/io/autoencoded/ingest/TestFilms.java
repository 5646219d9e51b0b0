package io.autoencoded.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Films made at test time with JavaCV's recorder: every frame different, so a misplaced frame shows. */
final class TestFilms {
  private TestFilms() {}

  record Spec(String format, int codec, int width, int height, double fps, int frames, int gop, int bFrames,
      boolean audio) {}

  static Path make(Path dir, String name, Spec spec) throws Exception {
    return make(dir, name, spec, AV_CODEC_ID_AAC);
  }

  /** As {@link #make(Path, String, Spec)}, with the soundtrack (if any) in the given audio codec. */
  static Path make(Path dir, String name, Spec spec, int audioCodec) throws Exception {
    Path file = dir.resolve(name);
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), spec.width(), spec.height(),
        spec.audio() ? 1 : 0)) {
      r.setFormat(spec.format());
      r.setVideoCodec(spec.codec());
      r.setFrameRate(spec.fps());
      r.setGopSize(spec.gop());
      r.setMaxBFrames(spec.bFrames());
      r.setVideoQuality(4);
      if (spec.audio()) {
        r.setAudioCodec(audioCodec);
        if (audioCodec != AV_CODEC_ID_AAC) {
          // the ADPCM/PCM encoders take 16-bit samples only (the recorder would otherwise ask for AAC's float)
          r.setSampleFormat(org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16P);
        }
        r.setSampleRate(22050);
        r.setAudioChannels(1);
      }
      r.start();
      Frame frame = new Frame(spec.width(), spec.height(), Frame.DEPTH_UBYTE, 3);
      int samplesPerFrame = (int) Math.round(22050 / spec.fps());
      for (int i = 0; i < spec.frames(); i++) {
        paint(frame, i);
        r.record(frame, AV_PIX_FMT_BGR24);
        if (spec.audio()) {
          short[] s = new short[samplesPerFrame];
          for (int k = 0; k < s.length; k++) {
            s[k] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (i * samplesPerFrame + k) / 22050.0));
          }
          r.recordSamples(22050, 1, ShortBuffer.wrap(s));
        }
      }
      r.stop();
    }
    return file;
  }

  /** A moving gradient plus the frame number drawn as coarse blocks. */
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
