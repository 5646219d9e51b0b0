package io.autoencoded.ingest;

import io.autoencoded.job.cli.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Where a film is read from, as the user named it: a local path, a {@code file:} URI, or any Hadoop
 * filesystem URI ({@code hdfs://...}). FFmpeg needs a seekable local file, so a film on a Hadoop filesystem is
 * copied once per JVM (driver and each executor) into the local temporary directory and read from there;
 * the copy is named after the URI, size and modification time, so a changed source is copied again.
 * A local path must be visible to every executor (true in local mode, or on a shared mount).
 */
public record FilmSource(String given, String uri, boolean local) implements Serializable {

  public static FilmSource of(String given) {
    if (given == null || given.isBlank()) {
      throw new UserException("No film was given: pass --film PATH_OR_URI.");
    }
    String g = given.trim();
    try {
      URI u = new URI(g);
      if (u.getScheme() != null && u.getScheme().length() > 1) {
        if (u.getScheme().equals("file")) {
          return new FilmSource(g, Path.of(u).toAbsolutePath().normalize().toString(), true);
        }
        return new FilmSource(g, g, false);
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      // not a URI: a plain path
    }
    return new FilmSource(g, Path.of(g).toAbsolutePath().normalize().toString(), true);
  }

  /** The base name without extension: the default film id. */
  public String baseName() {
    String path = local ? uri : URI.create(uri).getPath();
    String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** Size in bytes; a missing, unreadable or empty film is the user's to fix. */
  public long size(Configuration hadoop) {
    if (local) {
      Path p = Path.of(uri);
      if (!Files.isRegularFile(p)) {
        throw new UserException("Film " + given + " does not exist or is not a file: check the path given to --film.");
      }
      if (!Files.isReadable(p)) {
        throw new UserException("Film " + given + " cannot be read: check its permissions.");
      }
      long size;
      try {
        size = Files.size(p);
      } catch (IOException e) {
        throw new UserException("Film " + given + " cannot be read (" + e.getMessage() + "): check the file.", e);
      }
      if (size == 0) {
        throw new UserException("Film " + given + " is empty (0 bytes): pass a video file.");
      }
      return size;
    }
    FileStatus status = status(hadoop);
    if (status.getLen() == 0) {
      throw new UserException("Film " + given + " is empty (0 bytes): pass a video file.");
    }
    return status.getLen();
  }

  /** SHA-256 of the film's bytes, hex. */
  public String sha256(Configuration hadoop) {
    try (InputStream in = open(hadoop)) {
      return NativeSha256.of(in);
    } catch (IOException e) {
      if (!local) {
        throw unreadable(e);
      }
      throw new UserException("Film " + given + " cannot be read (" + e.getMessage() + "): check the file.", e);
    }
  }

  /** A local file FFmpeg can open and seek in: the film itself, or this JVM's copy of it. */
  public Path localFile(Configuration hadoop) {
    if (local) {
      return Path.of(uri);
    }
    FileStatus status = status(hadoop);
    String name = URI.create(uri).getPath();
    String ext = name.lastIndexOf('.') > name.lastIndexOf('/') ? name.substring(name.lastIndexOf('.')) : "";
    String key = HexFormat.of().formatHex(sha1(uri + "|" + status.getLen() + "|" + status.getModificationTime()));
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "autoencoded-films");
    Path copy = dir.resolve(key + ext);
    synchronized (FilmSource.class) {
      if (Files.isRegularFile(copy)) {
        return copy;
      }
      // reading the source and writing the copy fail for different reasons with different fixes (an unreachable
      // server is not a full disk), so each side's errors are told apart
      Path tmp = null;
      try (InputStream in = openToCopy(hadoop)) {
        Files.createDirectories(dir);
        tmp = Files.createTempFile(dir, key, ".part");
        try (OutputStream out = Files.newOutputStream(tmp)) {
          copy(in, out);
        }
        Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        copy.toFile().deleteOnExit();
        return copy;
      } catch (SourceReadException e) {
        throw unreadable(e.getCause());
      } catch (IOException e) {
        throw new UserException("Film " + given + " cannot be copied to " + dir + " (" + e.getMessage()
            + "): check free space and permissions in the temporary directory (java.io.tmpdir).", e);
      } finally {
        if (tmp != null) {
          try {
            Files.deleteIfExists(tmp);
          } catch (IOException e) {
            // a .part file: the next copy makes its own
          }
        }
      }
    }
  }

  /** A failure to read the source while copying it, as opposed to one writing the copy. */
  private static final class SourceReadException extends IOException {
    SourceReadException(IOException cause) {
      super(cause);
    }
  }

  private InputStream openToCopy(Configuration hadoop) throws SourceReadException {
    try {
      return open(hadoop);
    } catch (IOException e) {
      throw new SourceReadException(e);
    }
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[1 << 16];
    while (true) {
      int n;
      try {
        n = in.read(buffer);
      } catch (IOException e) {
        throw new SourceReadException(e);
      }
      if (n < 0) {
        return;
      }
      out.write(buffer, 0, n);
    }
  }

  private UserException unreadable(Throwable e) {
    String why = e instanceof java.net.ConnectException ? "connection refused"
        : e instanceof java.net.UnknownHostException ? "unknown host " + e.getMessage()
        : e instanceof java.net.SocketTimeoutException ? "timed out"
        : e instanceof java.io.FileNotFoundException ? "not found"
        : firstLine(e.getMessage());
    return new UserException("Film " + given + " cannot be read (" + why + "): check the URI given to --film and "
        + "that its server or filesystem is up.", e);
  }

  private InputStream open(Configuration hadoop) throws IOException {
    if (local) {
      return Files.newInputStream(Path.of(uri));
    }
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
    return p.getFileSystem(hadoop).open(p);
  }

  private FileStatus status(Configuration hadoop) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
    FileStatus status;
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      status = fs.getFileStatus(p);
    } catch (java.io.FileNotFoundException e) {
      throw new UserException("Film " + given + " does not exist: check the URI given to --film.", e);
    } catch (IOException e) {
      throw new UserException("Film " + given + " cannot be reached (" + firstLine(e.getMessage())
          + "): check the URI given to --film and that its filesystem is up.", e);
    }
    if (!status.isFile()) {
      throw new UserException("Film " + given + " is not a file: pass a video file to --film.");
    }
    return status;
  }

  private static byte[] sha1(String s) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
