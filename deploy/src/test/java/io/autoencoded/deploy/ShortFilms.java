package io.autoencoded.deploy;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Tiny films made at test time with JavaCV's recorder (MPEG-4 Part 2 in Matroska, 64×48, 25 fps) for stores that
 * hold many films. Every frame of every film looks different (the film's own colour, the frame's number as a row
 * of blocks), so that a frame's pixels tell which film and frame it is, even after lossy coding.
 */
final class ShortFilms {
  static final int WIDTH = 64;
  static final int HEIGHT = 48;

  private ShortFilms() {}

  static Path make(Path file, int film, int frames) throws Exception {
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT, 0)) {
      r.setFormat("matroska");
      r.setVideoCodec(AV_CODEC_ID_MPEG4);
      r.setFrameRate(25);
      r.setGopSize(25);
      r.setVideoQuality(4);
      r.start();
      Frame frame = new Frame(WIDTH, HEIGHT, Frame.DEPTH_UBYTE, 3);
      for (int i = 0; i < frames; i++) {
        paint(frame, film, i);
        r.record(frame, AV_PIX_FMT_BGR24);
      }
      r.stop();
    }
    return file;
  }

  private static void paint(Frame frame, int film, int index) {
    ByteBuffer buf = (ByteBuffer) frame.image[0];
    int stride = frame.imageStride;
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        // the top half: the frame's number in 8 blocks; the bottom half: the film's number in 8 blocks
        int bit = x * 8 / WIDTH;
        boolean on = (((y < HEIGHT / 2 ? index : film) >> bit) & 1) != 0;
        int o = y * stride + x * 3;
        buf.put(o, (byte) (on ? 230 : 20));
        buf.put(o + 1, (byte) ((film * 37 + x * 2) & 0xff));
        buf.put(o + 2, (byte) ((index * 29 + y * 3) & 0xff));
      }
    }
  }
}
