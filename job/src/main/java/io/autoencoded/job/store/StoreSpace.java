package io.autoencoded.job.store;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.progress.HumanBytes;
import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FsStatus;
import org.apache.hadoop.fs.Path;

/**
 * The free space of the filesystem the store is on, as far as the filesystem can tell: on a local disk the space
 * this process may use (Java's usable space), elsewhere Hadoop's {@link FileSystem#getStatus(Path)} (HDFS's
 * remaining capacity over all datanodes; a filesystem that cannot tell answers nothing). HDFS keeps {@code replication} copies of every block, so what a run
 * writes is held against the free space divided by the store's replication. An HDFS directory quota is not
 * counted: a run that meets one stops with {@link StoreWriteFailure}'s line instead.
 *
 * @param store         the store's root, as the user gave it
 * @param capacityBytes the size of its filesystem (all copies together)
 * @param freeBytes     bytes free on it (all copies together)
 * @param replication   copies of each byte written (1 on a local disk)
 */
public record StoreSpace(String store, long capacityBytes, long freeBytes, short replication) {

  /** The free space of the store's filesystem, or empty when the filesystem cannot tell (or does not answer). */
  public static Optional<StoreSpace> of(FileSystem fs, StoreLayout layout) {
    try {
      // a store not created yet: a local filesystem answers 0 free for a path that does not exist
      Path at = fs.makeQualified(new Path(layout.root()));
      while (at.getParent() != null && !fs.exists(at)) {
        at = at.getParent();
      }
      if ("file".equals(at.toUri().getScheme())) {
        // Hadoop's local answer is the disk's free blocks, those reserved for root and other users' quotas included
        // (217 GB where df said 71 GB available): what this process can use is the usable space
        java.nio.file.FileStore store = java.nio.file.Files.getFileStore(java.nio.file.Path.of(at.toUri()));
        if (store.getTotalSpace() <= 0) {
          return Optional.empty(); // /proc, /sys: no notion of space
        }
        return Optional.of(new StoreSpace(layout.root(), store.getTotalSpace(), store.getUsableSpace(), (short) 1));
      }
      FsStatus status = fs.getStatus(at);
      if (status.getCapacity() <= 0 && status.getRemaining() <= 0) {
        return Optional.empty(); // the default answer of a filesystem without a notion of space
      }
      return Optional.of(new StoreSpace(layout.root(), status.getCapacity(), status.getRemaining(),
          (short) Math.max(1, fs.getDefaultReplication(at))));
    } catch (IOException | RuntimeException e) { // UnsupportedOperationException too: a filesystem that cannot tell
      return Optional.empty();
    }
  }

  /** Bytes of a run's own data that still fit (each stored {@code replication} times). */
  public long fitsBytes() {
    return freeBytes / replication;
  }

  /** How the free space reads in a message: "9.8 MB free", with the copies when there are several. */
  public String describe() {
    return HumanBytes.of(freeBytes) + " free" + (replication > 1 ? " (each block kept " + replication + " times)" : "");
  }

  /**
   * Refuses a run that clearly cannot fit, before it writes anything: {@code leastBytes} is the least it will
   * write (not its estimate), so a run refused here could not have finished.
   *
   * @param job  "the ingest", "the training", as the message names it
   * @param need what the run will write, as the message says it (its estimate)
   */
  public void requireAtLeast(long leastBytes, String job, String need) {
    if (leastBytes > fitsBytes()) {
      throw new UserException("The store " + store + " has " + describe() + " but " + job + " needs " + need
          + ": free space on that filesystem or pass --store on a larger one; nothing was written.");
    }
  }
}
