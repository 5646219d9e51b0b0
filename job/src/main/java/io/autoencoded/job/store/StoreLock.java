package io.autoencoded.job.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * An exclusive lock held as a file under {@code _locks/} in the store, so that it works across machines on
 * HDFS. Creation is atomic (HDFS create without overwrite; NIO CREATE_NEW on local files). A lock left by a
 * process that died on this same host is taken over; one from another host must be removed by hand.
 */
public final class StoreLock implements AutoCloseable {
  private final FileSystem fs;
  private final Path path;

  private StoreLock(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
  }

  /** The lock, or empty with the holder's description available through {@link #holder}. */
  public static Optional<StoreLock> tryAcquire(FileSystem fs, StoreLayout layout, String name) throws IOException {
    Path path = new Path(layout.locks(), name + ".lock");
    fs.mkdirs(layout.locks());
    String owner = me();
    for (int attempt = 0; attempt < 2; attempt++) {
      if (create(fs, path, owner)) {
        return Optional.of(new StoreLock(fs, path));
      }
      String holder = holder(fs, layout, name).orElse("");
      if (!isStaleOnThisHost(holder)) {
        return Optional.empty();
      }
      fs.delete(path, false);
    }
    return Optional.empty();
  }

  public static Optional<String> holder(FileSystem fs, StoreLayout layout, String name) throws IOException {
    Path path = new Path(layout.locks(), name + ".lock");
    try (InputStream in = fs.open(path)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty();
    }
  }

  private static boolean create(FileSystem fs, Path path, String owner) throws IOException {
    if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
      // the file as the filesystem itself maps the path, not by the path's URI: a filesystem built on the local one
      // (a subclass under a scheme of its own) has URIs that java.nio cannot open
      java.io.File file = fs instanceof LocalFileSystem checksummed ? checksummed.pathToFile(path)
          : ((RawLocalFileSystem) fs).pathToFile(path);
      java.nio.file.Path local = file.toPath();
      try {
        Files.writeString(Files.createFile(local), owner);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(path, false)) {
      out.write(owner.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(path)) {
        return false;
      }
      throw e;
    }
  }

  private static String me() {
    return hostname() + " pid " + ProcessHandle.current().pid() + " since " + Instant.now();
  }

  private static boolean isStaleOnThisHost(String holder) {
    String[] parts = holder.split(" ");
    if (parts.length < 3 || !parts[0].equals(hostname()) || !parts[1].equals("pid")) {
      return false;
    }
    try {
      long pid = Long.parseLong(parts[2]);
      return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }

  @Override
  public void close() throws IOException {
    fs.delete(path, false);
  }
}
