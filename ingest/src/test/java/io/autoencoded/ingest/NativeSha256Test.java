package io.autoencoded.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** FFmpeg's SHA-256 gives the JDK's digest, whatever the length and however the stream hands out its bytes. */
class NativeSha256Test {
  @Test
  void equalsTheJdkDigest() throws Exception {
    Random random = new Random(7);
    // empty, one block less a byte, the 1 MiB buffer and one byte more, several buffers
    for (int length : new int[] {0, 1, 63, 64, 65, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 17}) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      assertEquals(expected, NativeSha256.of(new ByteArrayInputStream(bytes)), "length " + length);
      assertEquals(expected, NativeSha256.of(trickling(bytes)), "length " + length + ", short reads");
    }
  }

  @Test
  void knownVector() throws Exception {
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        NativeSha256.of(new ByteArrayInputStream("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
  }

  /** A stream that returns at most 1000 bytes per read, and sometimes none, like a network filesystem. */
  private static InputStream trickling(byte[] bytes) {
    return new ByteArrayInputStream(bytes) {
      private int calls;

      @Override
      public synchronized int read(byte[] b, int off, int len) {
        if (++calls % 3 == 0 && available() > 0) {
          return 0;
        }
        return super.read(b, off, Math.min(len, 1000));
      }
    };
  }
}
