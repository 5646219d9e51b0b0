package io.autoencoded.reconstruct.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * Encodes consecutive uint8 RGB HWC frames into one MP4 video segment on the local disk. Frames are numbered
 * in the order given; the muxer places the segment in the film by its plan, not by these timestamps.
 */
public final class SegmentVideoWriter implements AutoCloseable {
  static {
    // FFmpeg writes every stream's setup to stderr by default: keep the console for progress and errors
    FfmpegLogging.quiet();
  }

  private final FFmpegFrameRecorder recorder;
  private final int width;
  private final int height;
  private final ByteBuffer buffer;
  private long frames;
  private boolean closed;

  public SegmentVideoWriter(Path file, int width, int height, int rateNum, int rateDen, VideoCodec codec,
      double bitsPerPixel) throws IOException {
    this.width = width;
    this.height = height;
    this.buffer = ByteBuffer.allocateDirect(width * height * 3);
    recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
    recorder.setFormat("mp4");
    codec.configure(recorder);
    recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    recorder.setFrameRate((double) rateNum / rateDen);
    recorder.setVideoBitrate((int) Math.max(64_000, Math.min(Integer.MAX_VALUE,
        bitsPerPixel * width * height * rateNum / rateDen)));
    try {
      recorder.start();
    } catch (FFmpegFrameRecorder.Exception e) {
      throw new IOException("cannot start the " + codec + " encoder for " + file + ": " + e.getMessage(), e);
    }
  }

  public void write(byte[] rgb) throws IOException {
    if (rgb.length != width * height * 3) {
      throw new IllegalArgumentException("frame has " + rgb.length + " bytes, expected " + width + "x" + height + "x3");
    }
    buffer.clear();
    buffer.put(rgb);
    buffer.flip();
    try {
      recorder.recordImage(width, height, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 3, width * 3,
          avutil.AV_PIX_FMT_RGB24, buffer);
    } catch (FFmpegFrameRecorder.Exception e) {
      throw new IOException("encoding frame " + frames + " failed: " + e.getMessage(), e);
    }
    frames++;
  }

  public long frames() {
    return frames;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      recorder.stop();
      recorder.release();
    } catch (FFmpegFrameRecorder.Exception e) {
      throw new IOException("finishing the segment failed: " + e.getMessage(), e);
    }
  }

  /** Two frames side by side (left | right), both height x width RGB, into a height x 2*width frame. */
  public static byte[] sideBySide(byte[] left, byte[] right, int height, int width) {
    byte[] out = new byte[height * width * 6];
    int row = width * 3;
    for (int y = 0; y < height; y++) {
      System.arraycopy(left, y * row, out, y * 2 * row, row);
      System.arraycopy(right, y * row, out, y * 2 * row + row, row);
    }
    return out;
  }
}
