package io.autoencoded.job.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.autoencoded.job.cli.UserException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;

/**
 * Which failures are the store's to report as full or unwritable, on real errors: Linux's /dev/full answers every
 * write with ENOSPC (no root needed), /proc refuses every mkdir. A full disk met outside Hadoop's filesystem (a
 * scratch file) and a refused path outside the store are not the store's and keep their own report.
 */
class StoreWriteFailureTest {
  private static final Configuration HADOOP = new Configuration();
  private static final StoreLayout STORE = new StoreLayout("file:///proc/x");

  @Test
  void aFullDiskMetThroughHadoopIsTheStoresAndAFullScratchFileIsNot() throws Exception {
    assumeTrue(Files.isWritable(Path.of("/dev/full")), "/dev/full is not there to stand in for a full disk");
    Throwable throughHadoop = assertThrows(Throwable.class, () -> {
      FileSystem raw = FileSystem.getLocal(HADOOP).getRaw(); // no checksum file beside /dev/full
      try (FSDataOutputStream out = raw.create(new org.apache.hadoop.fs.Path("file:/dev/full"), true)) {
        out.write(new byte[1 << 16]);
        out.hflush();
      }
    });
    Optional<UserException> full = StoreWriteFailure.of(STORE, "the ingest", throughHadoop, HADOOP, "up to 1 GB",
        "nothing of it was published");
    assertTrue(full.isPresent(), throughHadoop.toString());
    assertTrue(full.get().getMessage().startsWith("The store file:///proc/x ran out of space while the ingest ran (No "
        + "space left on device"), full.get().getMessage());
    assertTrue(full.get().getMessage().contains(": the ingest needs up to 1 GB; free space on that filesystem or pass "
        + "--store on a larger one, then run the same command again; nothing of it was published."));

    IOException scratch = assertThrows(IOException.class, () -> {
      try (OutputStream out = Files.newOutputStream(Path.of("/dev/full"))) {
        out.write(new byte[1 << 16]);
      }
    });
    assertEquals(Optional.empty(), StoreWriteFailure.of(STORE, "the ingest", scratch, HADOOP, null, "x"), "a scratch "
        + "file's full disk has another fix (java.io.tmpdir)");
  }

  @Test
  void aDirectoryThatCannotBeMadeIsTheStoresOnlyUnderTheStore() throws Exception {
    IOException mkdirs = assertThrows(IOException.class, () -> FileSystem.getLocal(HADOOP)
        .create(new org.apache.hadoop.fs.Path("file:/proc/x/_staging/a/_owner")).close());
    Optional<UserException> unwritable = StoreWriteFailure.of(STORE, "the ingest", mkdirs, HADOOP, null,
        "nothing of it was published");
    assertEquals(Optional.of("The store file:///proc/x cannot be written (cannot create a directory: "
            + "file:/proc/x/_staging/a): pass a --store you can write to, or make it writable (permissions, a "
            + "read-only mount); nothing of it was published."), unwritable.map(Throwable::getMessage));
    assertEquals(Optional.empty(), StoreWriteFailure.of(new StoreLayout("file:///tmp/elsewhere"), "the ingest", mkdirs,
        HADOOP, null, "x"), "a path outside the store is not the store's");
  }

  @Test
  void aUserErrorAlreadyNamedIsLeftAsItIs() {
    UserException named = new UserException("Film x cannot be read: check it.", new IOException("No space left on "
        + "device"));
    assertEquals(Optional.empty(), StoreWriteFailure.of(STORE, "the ingest", named, HADOOP, null, "x"));
  }
}
