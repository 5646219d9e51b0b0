package io.autoencoded.job.scratch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * This process's one directory for local temporary files, {@code java.io.tmpdir/autoencoded-scratch-PID-ID}:
 * video segments being encoded, the soundtrack being extracted, a reconstruction being muxed. Users of it still
 * delete their files when done or failed; the directory itself goes at JVM exit. A process killed with SIGKILL
 * runs neither, so the first use in every process removes the directories of dead processes.
 *
 * <p>A directory is alive while its process holds an OS file lock on its {@code .lock} file: the kernel
 * releases it when the process dies, however it dies, which is more exact than a process id (reused, and
 * meaningless across PID namespaces sharing one /tmp). The directory is created under a {@code .new} name
 * and renamed only once locked, so no other process can ever see it unlocked.
 */
public final class ProcessScratch {
  static final String PREFIX = "autoencoded-scratch-";
  static final String LOCK = ".lock";
  private static final String PENDING = ".new";
  /** A {@code .new} directory older than this was left by a process killed while creating it. */
  private static final long PENDING_STALE_MILLIS = 60_000;

  private static Path directory;
  private static FileChannel lockChannel; // held (never closed) for the life of the process: it is the lock
  private static FileLock lock;
  private static List<Path> removedAtStart = List.of();
  private static boolean hookAdded;

  private ProcessScratch() {}

  /** This process's scratch directory, created (and the dead processes' removed) on first use. */
  public static synchronized Path directory() {
    if (directory != null && Files.isDirectory(directory)) {
      return directory;
    }
    Path base = Path.of(System.getProperty("java.io.tmpdir"));
    try {
      Files.createDirectories(base);
      removedAtStart = removeDead(base);
      String stem = PREFIX + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
      Path pending = Files.createDirectory(base.resolve(stem + PENDING));
      lockChannel = FileChannel.open(pending.resolve(LOCK), StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      lock = lockChannel.lock();
      directory = Files.move(pending, base.resolve(stem), StandardCopyOption.ATOMIC_MOVE);
      // snappy-java (Spark's codec) copies its native library into a temporary file it deletes only at a
      // normal exit: here, a killed process's copy goes with the rest of its scratch directory
      if (System.getProperty("org.xerial.snappy.tempdir") == null) {
        System.setProperty("org.xerial.snappy.tempdir", directory.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory in " + base
          + " (java.io.tmpdir): " + e.getMessage(), e);
    }
    addShutdownHook();
    return directory;
  }

  private static void addShutdownHook() {
    if (hookAdded) {
      return;
    }
    hookAdded = true;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Path dir;
      synchronized (ProcessScratch.class) {
        dir = directory;
      }
      if (dir != null) {
        deleteTree(dir);
      }
    }, "autoencoded-scratch-cleanup"));
  }

  /** A new empty file in this process's scratch directory. */
  public static Path newFile(String prefix, String suffix) throws IOException {
    return Files.createTempFile(directory(), prefix, suffix);
  }

  /** A new empty directory in this process's scratch directory. */
  public static Path newDirectory(String prefix) throws IOException {
    return Files.createTempDirectory(directory(), prefix);
  }

  /** The directories of dead processes that this process removed when it created its own. */
  public static synchronized List<Path> removedAtStart() {
    return removedAtStart;
  }

  /** Removes the scratch directories in {@code base} whose process has died; returns them. */
  static List<Path> removeDead(Path base) throws IOException {
    List<Path> removed = new ArrayList<>();
    List<Path> candidates;
    try (Stream<Path> s = Files.list(base)) {
      candidates = s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p)).toList();
    }
    for (Path dir : candidates) {
      if (dir.equals(directory)) {
        continue;
      }
      if (dir.getFileName().toString().endsWith(PENDING)) {
        if (olderThan(dir, PENDING_STALE_MILLIS)) {
          deleteTree(dir);
          removed.add(dir);
        }
        continue;
      }
      try (FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.WRITE)) {
        FileLock taken = channel.tryLock();
        if (taken == null) {
          continue; // its process is alive
        }
        try {
          deleteTree(dir);
          removed.add(dir);
        } finally {
          taken.release();
        }
      } catch (OverlappingFileLockException e) {
        // held by this very JVM
      } catch (NoSuchFileException e) {
        // removed meanwhile by another process's clean-up
      }
    }
    return removed;
  }

  private static boolean olderThan(Path p, long millis) {
    try {
      return System.currentTimeMillis() - Files.getLastModifiedTime(p).toMillis() > millis;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Removes a directory tree. At JVM exit Spark's own shutdown hook deletes its local directories inside ours at
   * the same moment, so a pass can trip over files vanishing under it: passes repeat (briefly) until the tree is
   * gone. What still cannot be removed is removed by the next process's start.
   */
  static void deleteTree(Path root) {
    for (int pass = 0; pass < 20 && Files.exists(root, LinkOption.NOFOLLOW_LINKS); pass++) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.deleteIfExists(p);
          } catch (IOException e) {
            // another pass
          }
        });
      } catch (IOException | UncheckedIOException e) {
        // a file vanished during the walk: another pass
      }
      if (Files.exists(root, LinkOption.NOFOLLOW_LINKS) && pass > 0) {
        try {
          Thread.sleep(25);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
