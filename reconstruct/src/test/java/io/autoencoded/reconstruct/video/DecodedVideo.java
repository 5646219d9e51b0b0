package io.autoencoded.reconstruct.video;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** A video read back with JavaCV, as a player would: every decoded frame as RGB, the rate and the streams. */
public record DecodedVideo(List<byte[]> frames, List<Long> timestampsUs, int width, int height, double frameRate,
    long lengthUs, int audioChannels, String videoCodec) {

  public static DecodedVideo read(Path file) throws Exception {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
      g.start();
      List<byte[]> frames = new ArrayList<>();
      List<Long> ts = new ArrayList<>();
      int w = g.getImageWidth();
      int h = g.getImageHeight();
      for (Frame f = g.grabImage(); f != null; f = g.grabImage()) {
        ByteBuffer buf = (ByteBuffer) f.image[0];
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
          buf.position(y * f.imageStride);
          buf.get(rgb, y * w * 3, w * 3);
        }
        frames.add(rgb);
        ts.add(f.timestamp);
      }
      return new DecodedVideo(frames, ts, w, h, g.getFrameRate(), g.getLengthInTime(), g.getAudioChannels(),
          g.getVideoCodecName());
    }
  }

  /** Index of the reference closest (mean squared error) to {@code frame}. */
  public static int closest(byte[] frame, List<byte[]> references) {
    int best = -1;
    double bestErr = Double.MAX_VALUE;
    for (int i = 0; i < references.size(); i++) {
      double err = io.autoencoded.reconstruct.quality.Psnr.meanSquaredError(frame, references.get(i));
      if (err < bestErr) {
        bestErr = err;
        best = i;
      }
    }
    return best;
  }
}
