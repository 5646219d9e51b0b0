package io.autoencoded.job.store;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.progress.HumanBytes;
import java.net.URI;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * A job's failure to write into the store for a cause the user can fix: the store's filesystem is full (a disk with
 * no space left, a disk quota, an HDFS space or file-count quota, datanodes without room for another block), or the
 * store cannot be written at all (permissions, a read-only filesystem, a path that cannot be a directory, such as
 * one under /proc). Each becomes one line naming the cause, what the run needs and the fix.
 *
 * <p>The cause is read from the whole chain and from the messages in it: Spark wraps a task's failure in its job's,
 * and a failure reported from another JVM arrives as text only. A full disk is only the store's when the failing
 * write went through Hadoop's filesystem (its {@code FSError} or its classes in the trace): a full local scratch
 * directory (java.io.tmpdir, Spark's local directories) fails in other code and has another fix. Not being able to
 * write is only the store's when the message names a path under the store.
 */
public final class StoreWriteFailure {
  private static final String ENOSPC = "No space left on device";
  private static final String EDQUOT = "Disk quota exceeded";

  private StoreWriteFailure() {}

  /**
   * The one-line error for {@code failure}, or empty when it is none of these (or already a user error).
   *
   * @param job        "the ingest", "the training", as the message names it
   * @param needs      what the run writes, as a phrase ("up to 21.0 MB ..."), or null when not known
   * @param afterwards what was kept or published, e.g. "nothing of it was published"
   */
  public static Optional<UserException> of(StoreLayout layout, String job, Throwable failure, Configuration hadoop,
      String needs, String afterwards) {
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof UserException) {
        return Optional.empty();
      }
    }
    String full = fullCause(failure);
    if (full != null) {
      // the size of the filesystem, not what is free now: a failed write's file may still hold its space until the
      // process ends (a Parquet writer that failed mid-flush cannot close its stream); a quota has its own size
      String space = full.contains("quota") ? "" : freeSpace(layout, hadoop)
          .map(s -> ", on a filesystem of " + HumanBytes.of(s.capacityBytes())).orElse("");
      return Optional.of(new UserException("The store " + layout.root() + " ran out of space while " + job + " ran ("
          + full + space + ")" + (needs == null ? "" : ": " + job + " needs " + needs) + "; "
          + (full.contains("quota") ? "raise the quota (hdfs dfsadmin -setSpaceQuota / -setQuota)"
              : "free space on that filesystem")
          + " or pass --store on a larger one, then run the same command again; " + afterwards + ".",
          failure));
    }
    String unwritable = unwritableCause(failure, storePath(layout));
    if (unwritable != null) {
      return Optional.of(new UserException("The store " + layout.root() + " cannot be written (" + unwritable
          + "): pass a --store you can write to, or make it writable (permissions, a read-only mount); "
          + afterwards + ".", failure));
    }
    return Optional.empty();
  }

  /** What filled up, as the message says it, or null when the failure is not a full store. */
  static String fullCause(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = String.valueOf(c.getMessage());
      if (c.getClass().getName().endsWith("DSQuotaExceededException") || m.contains("DSQuotaExceededException")) {
        return "its HDFS space quota is exceeded";
      }
      if (c.getClass().getName().endsWith("NSQuotaExceededException") || m.contains("NSQuotaExceededException")) {
        return "its HDFS quota of files and directories is exceeded";
      }
      if (m.contains("could only be written to 0 of the") && !m.contains("There are 0 datanode(s) running")) {
        return "no HDFS datanode has room for another block";
      }
      if ((m.contains(ENOSPC) || m.contains(EDQUOT)) && throughHadoop(failure)) {
        return m.contains(ENOSPC) ? ENOSPC : EDQUOT;
      }
    }
    return null;
  }

  /** Whether the failing write was the store's: through Hadoop's filesystem (or Parquet's writer on it). */
  private static boolean throughHadoop(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof org.apache.hadoop.fs.FSError || String.valueOf(c.getMessage()).contains("hadoop.fs.FSError")) {
        return true;
      }
      for (StackTraceElement e : c.getStackTrace()) {
        String cls = e.getClassName();
        if (cls.startsWith("org.apache.hadoop.fs.") || cls.startsWith("org.apache.hadoop.hdfs.")
            || cls.startsWith("org.apache.parquet.hadoop.")) {
          return true;
        }
      }
    }
    return false;
  }

  /** Why the store cannot be written, or null when the failure is not that. */
  static String unwritableCause(Throwable failure, String storePath) {
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      if (m == null || !m.contains(storePath)) {
        continue;
      }
      m = firstLine(m);
      if (m.contains("Mkdirs failed to create")) {
        // Hadoop's local filesystem adds "(exists=false, cwd=...)": the directory named is what matters
        int extra = m.indexOf(" (exists=");
        return "cannot create a directory: " + (extra < 0 ? m : m.substring(0, extra))
            .replace("Mkdirs failed to create ", "");
      }
      if (m.contains("Permission denied") || c.getClass().getSimpleName().equals("AccessControlException")
          || c instanceof java.nio.file.AccessDeniedException) {
        return "permission denied: " + m;
      }
      if (m.contains("Read-only file system")) {
        return "a read-only filesystem: " + m;
      }
      if (c instanceof org.apache.hadoop.fs.ParentNotDirectoryException || m.contains("Not a directory")) {
        return "a path in it is a file, not a directory: " + m;
      }
    }
    return null;
  }

  private static String storePath(StoreLayout layout) {
    String path = layout.rootPath().toUri().getPath();
    if (path == null || path.isEmpty()) {
      return "/";
    }
    return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
  }

  private static Optional<StoreSpace> freeSpace(StoreLayout layout, Configuration hadoop) {
    try {
      return StoreSpace.of(FileSystem.get(URI.create(layout.root()), hadoop), layout);
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
