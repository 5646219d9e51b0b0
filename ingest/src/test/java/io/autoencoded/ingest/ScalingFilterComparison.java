package io.autoencoded.ingest;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.util.Locale;
import java.util.Random;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Diagnostic, not a test: what each {@link ScalingFilter} costs, as the ingest calls swscale (a decoded yuv420p
 * picture to packed RGB24 at the training size). The picture is noise: swscale's work does not depend on it.
 *
 * <pre>java -cp ingest/target/test-classes:ingest/target/classes:$(cat deploy/target/local-classpath.txt) \
 *     io.autoencoded.ingest.ScalingFilterComparison [SRC_W SRC_H DST_W DST_H FRAMES]</pre>
 */
public final class ScalingFilterComparison {
  public static void main(String[] args) {
    int srcW = args.length > 0 ? Integer.parseInt(args[0]) : 1280;
    int srcH = args.length > 1 ? Integer.parseInt(args[1]) : 720;
    int dstW = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    int dstH = args.length > 3 ? Integer.parseInt(args[3]) : 144;
    int frames = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
    Random random = new Random(1);
    BytePointer[] planes = {noise(random, srcW * srcH), noise(random, srcW * srcH / 4), noise(random, srcW * srcH / 4)};
    PointerPointer<BytePointer> src = new PointerPointer<>(planes[0], planes[1], planes[2], null);
    IntPointer srcStrides = new IntPointer(srcW, srcW / 2, srcW / 2, 0);
    BytePointer rgb = new BytePointer((long) dstW * dstH * 3);
    PointerPointer<BytePointer> dst = new PointerPointer<>(rgb, null, null, null);
    IntPointer dstStrides = new IntPointer(dstW * 3, 0, 0, 0);
    for (int round = 0; round < 2; round++) { // the first round warms up
      for (ScalingFilter filter : ScalingFilter.values()) {
        SwsContext sws = sws_getContext(srcW, srcH, AV_PIX_FMT_YUV420P, dstW, dstH, AV_PIX_FMT_RGB24,
            filter.swsFlags(), null, null, (DoublePointer) null);
        long started = System.nanoTime();
        for (int i = 0; i < frames; i++) {
          sws_scale(sws, src, srcStrides, 0, srcH, dst, dstStrides);
        }
        double ms = (System.nanoTime() - started) / 1e6 / frames;
        sws_freeContext(sws);
        if (round == 1) {
          System.out.printf(Locale.ROOT, "%dx%d yuv420p -> %dx%d rgb24, %-8s %.3f ms a frame%n", srcW, srcH, dstW,
              dstH, filter.configName(), ms);
        }
      }
    }
  }

  private static BytePointer noise(Random random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return new BytePointer(b);
  }
}
