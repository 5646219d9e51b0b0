package io.autoencoded.deploy.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/** Every file under a directory with its size and CRC-32: equal snapshots mean nothing was changed. */
record StoreSnapshot(Map<String, String> files) {
  static StoreSnapshot of(Path root) {
    Map<String, String> files = new TreeMap<>();
    if (!Files.exists(root)) {
      return new StoreSnapshot(files);
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        String key = root.relativize(p).toString();
        files.put(key, Files.isDirectory(p) ? "dir" : Files.size(p) + " " + crc(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new StoreSnapshot(files);
  }

  private static String crc(Path p) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(p)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        crc.update(buf, 0, n);
      }
    }
    return Long.toHexString(crc.getValue());
  }
}
