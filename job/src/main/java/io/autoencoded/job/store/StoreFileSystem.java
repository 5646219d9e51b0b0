package io.autoencoded.job.store;

import io.autoencoded.job.cli.UserException;
import java.io.IOException;
import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.URI;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/** Opens the store's Hadoop filesystem, turning the errors a user causes into one-line messages. */
public final class StoreFileSystem {
  private StoreFileSystem() {}

  public static FileSystem of(StoreLayout layout, Configuration hadoop) {
    URI uri = URI.create(layout.root());
    try {
      FileSystem fs = FileSystem.get(uri, hadoop);
      // touch the filesystem once so that an unreachable namenode fails here, not half-way through a job
      fs.exists(new Path(layout.root()));
      return fs;
    } catch (UnsupportedFileSystemException e) {
      throw new UserException("The store " + layout.root() + " uses the filesystem scheme '" + uri.getScheme()
          + "', which this installation cannot open: use file:, hdfs: or add the Hadoop connector for it.", e);
    } catch (SocketException | EOFException | UnknownHostException | SocketTimeoutException e) {
      // Hadoop's own message for these runs to several lines with a wiki link: the exception's kind says enough
      throw new UserException("The store " + layout.root() + " cannot be reached (" + e.getClass().getSimpleName()
          + "): check that HDFS is running and the address in --store is right.", e);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("No FileSystem for scheme")) {
        throw new UserException("The store " + layout.root() + " uses the filesystem scheme '" + uri.getScheme()
            + "', which this installation cannot open: use file:, hdfs: or add the Hadoop connector for it.", e);
      }
      throw new UserException("The store " + layout.root() + " cannot be opened (" + e.getMessage()
          + "): check --store and that the filesystem is up.", e);
    }
  }

  /**
   * The one-line error for a job that failed because the store's filesystem became unreachable while it ran
   * (HDFS stopped, network lost); empty for any other failure, and for one that is already a user error. The
   * cause may be several layers down (Spark wraps a task's failure in a job's), or only named in a message (a
   * failure reported from another JVM). When the failure names no such cause, the store is asked once more: a
   * namenode stopping mid-call can answer with anything (a RemoteException wrapping its internal error), and
   * a store that no longer answers is still the cause to report.
   */
  public static Optional<UserException> lostDuring(StoreLayout layout, String job, Throwable failure,
      Configuration hadoop) {
    if ("file".equals(URI.create(layout.root()).getScheme())) {
      return Optional.empty();
    }
    String kind = null;
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof UserException) {
        return Optional.empty();
      }
      if (kind == null) {
        kind = unreachableKind(c);
      }
    }
    if (kind == null) {
      kind = unreachableNow(layout, hadoop);
    }
    if (kind == null) {
      return Optional.empty();
    }
    return Optional.of(new UserException("The store " + layout.root() + " became unreachable while the " + job
        + " ran (" + kind + "): nothing of it was published; check that HDFS is running, then run the same "
        + "command again.", failure));
  }

  private static final String[] UNREACHABLE = {"java.net.ConnectException", "java.io.EOFException",
      "java.net.SocketException", "java.net.SocketTimeoutException", "java.net.NoRouteToHostException",
      "java.net.UnknownHostException", "org.apache.hadoop.net.ConnectTimeoutException"};

  /** The kind of error the store answers with now, if it is one of an unreachable store; else null. */
  private static String unreachableNow(StoreLayout layout, Configuration hadoop) {
    // a new instance: the cached one may hold a client the failed job left in any state
    try (FileSystem fs = FileSystem.newInstance(URI.create(layout.root()), hadoop)) {
      fs.exists(new Path(layout.root()));
      return null;
    } catch (IOException | RuntimeException e) {
      return unreachableKind(e);
    }
  }

  private static String unreachableKind(Throwable t) {
    if (t instanceof SocketException || t instanceof EOFException || t instanceof UnknownHostException
        || t instanceof SocketTimeoutException) {
      return t.getClass().getSimpleName();
    }
    String message = t.getMessage();
    if (message != null) {
      for (String name : UNREACHABLE) {
        if (message.contains(name + ":") || message.contains(name + "\n")) {
          return name.substring(name.lastIndexOf('.') + 1);
        }
      }
    }
    return null;
  }

  /**
   * Moves {@code from} onto {@code to}, replacing what is there. Hadoop's rename refuses to overwrite, so the
   * old target is first moved aside and only deleted once the new one is in place.
   */
  public static void replace(FileSystem fs, Path from, Path to) throws IOException {
    Path aside = null;
    if (fs.exists(to)) {
      aside = new Path(to.getParent(), "." + to.getName() + ".old-" + java.util.UUID.randomUUID());
      if (!fs.rename(to, aside)) {
        throw new IOException("cannot move " + to + " aside");
      }
    }
    fs.mkdirs(to.getParent());
    if (!fs.rename(from, to)) {
      if (aside != null) {
        fs.rename(aside, to);
      }
      throw new IOException("cannot rename " + from + " to " + to);
    }
    if (aside != null) {
      fs.delete(aside, true);
    }
  }
}
