package io.autoencoded.ingest;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * An independent, sequential decode of a film with JavaCV's FFmpegFrameGrabber (its own demux/decode/swscale
 * path), fitted with the same geometry: what the frame store must hold, frame by frame.
 */
final class ReferenceDecoder {
  private ReferenceDecoder() {}

  /** SHA-1 of each frame's fitted pixels, in presentation order, scaled with the default filter. */
  static List<String> frameDigests(Path film, FitGeometry g) throws Exception {
    return frameDigests(film, g, ScalingFilter.BILINEAR);
  }

  static List<String> frameDigests(Path film, FitGeometry g, ScalingFilter filter) throws Exception {
    List<String> digests = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(film.toFile())) {
      grabber.setImageScalingFlags(filter.swsFlags());
      grabber.setImageWidth(g.scaledWidth());
      grabber.setImageHeight(g.scaledHeight());
      grabber.setPixelFormat(AV_PIX_FMT_RGB24);
      grabber.start();
      byte[] scaled = null;
      for (Frame f; (f = grabber.grabImage()) != null; ) {
        ByteBuffer b = (ByteBuffer) f.image[0];
        int stride = f.imageStride;
        if (scaled == null) {
          scaled = new byte[stride * g.scaledHeight()];
        }
        b.position(0);
        b.get(scaled, 0, Math.min(scaled.length, b.remaining()));
        digests.add(digest(g.fit(scaled, stride)));
      }
      grabber.stop();
    }
    return digests;
  }

  static String digest(byte[] pixels) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(pixels));
  }
}
