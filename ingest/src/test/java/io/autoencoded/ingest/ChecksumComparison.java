package io.autoencoded.ingest;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Diagnostic, not a test: the film's SHA-256 by the JDK and by {@link NativeSha256}, three rounds each. Run it
 * with {@code -XX:TieredStopAtLevel=1}, as the launcher runs an ingest, and without, to see what C2's SHA
 * intrinsic is worth.
 *
 * <pre>java [-XX:TieredStopAtLevel=1] -cp ingest/target/test-classes:ingest/target/classes:$(cat \
 *     deploy/target/local-classpath.txt) io.autoencoded.ingest.ChecksumComparison FILM</pre>
 */
public final class ChecksumComparison {
  public static void main(String[] args) throws Exception {
    Path film = Path.of(args[0]);
    for (int round = 1; round <= 3; round++) {
      long started = System.nanoTime();
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 20];
      try (InputStream in = Files.newInputStream(film)) {
        for (int n; (n = in.read(buf)) > 0; ) {
          digest.update(buf, 0, n);
        }
      }
      String jdk = HexFormat.of().formatHex(digest.digest());
      long between = System.nanoTime();
      String ffmpeg;
      try (InputStream in = Files.newInputStream(film)) {
        ffmpeg = NativeSha256.of(in);
      }
      long done = System.nanoTime();
      System.out.printf(Locale.ROOT, "round %d: JDK %.2f s, libavutil %.2f s (%d MB)%s%n", round,
          (between - started) / 1e9, (done - between) / 1e9, Files.size(film) >> 20,
          jdk.equals(ffmpeg) ? "" : " DIFFERENT DIGESTS");
    }
  }
}
