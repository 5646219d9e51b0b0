package io.autoencoded.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real filesystem of a fixed small size, for a store that fills up: a tmpfs mounted with {@code size=}. Mounting
 * needs root (or CAP_SYS_ADMIN); where it is refused, {@link #mount} says why and the test is skipped with that
 * reason.
 */
final class SizedTmpfs implements AutoCloseable {
  private final Path dir;

  private SizedTmpfs(Path dir) {
    this.dir = dir;
  }

  /** A tmpfs of {@code megabytes} at {@code dir}, or the reason it could not be mounted. */
  static Result mount(Path dir, int megabytes) throws Exception {
    Files.createDirectories(dir);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return new Result(Optional.empty(), "cannot mount a " + megabytes + " MB tmpfs to stand in for a full disk ("
          + (out.isEmpty() ? "exit " + p.exitValue() : out) + "): needs root or CAP_SYS_ADMIN");
    }
    return new Result(Optional.of(new SizedTmpfs(dir)), "");
  }

  record Result(Optional<SizedTmpfs> tmpfs, String whyNot) {}

  Path dir() {
    return dir;
  }

  @Override
  public void close() throws Exception {
    new ProcessBuilder("umount", "-l", dir.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
  }
}
