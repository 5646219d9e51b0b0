package io.autoencoded.ingest;

import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_sha_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_sha_final;
import static org.bytedeco.ffmpeg.global.avutil.av_sha_init;
import static org.bytedeco.ffmpeg.global.avutil.av_sha_update;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.bytedeco.ffmpeg.avutil.AVSHA;
import org.bytedeco.javacpp.BytePointer;

/**
 * SHA-256 of a stream, hex, computed by FFmpeg's libavutil. Ingest JVMs run without the C2 compiler (see
 * deploy/bin/autoencoded), and without C2 the JDK's SHA-256 has no intrinsic: it hashed a 170 MB film in
 * 0.94 s of CPU where this takes 0.33 s (docs/PERFORMANCE.md, Ingest) — CPU taken from the decode it runs beside.
 */
final class NativeSha256 {
  private static final int BUFFER = 1 << 20;

  private NativeSha256() {}

  static String of(InputStream in) throws IOException {
    AVSHA sha = av_sha_alloc();
    if (sha == null || sha.isNull()) {
      throw new OutOfMemoryError("av_sha_alloc");
    }
    try (BytePointer chunk = new BytePointer(BUFFER); BytePointer digest = new BytePointer(32)) {
      av_sha_init(sha, 256);
      byte[] buf = new byte[BUFFER];
      for (int n; (n = in.read(buf)) >= 0; ) {
        if (n > 0) {
          chunk.position(0).put(buf, 0, n);
          av_sha_update(sha, chunk.position(0), n);
        }
      }
      av_sha_final(sha, digest);
      byte[] out = new byte[32];
      digest.get(out);
      return HexFormat.of().formatHex(out);
    } finally {
      av_free(sha);
    }
  }
}
