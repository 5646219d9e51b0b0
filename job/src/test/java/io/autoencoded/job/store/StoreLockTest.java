package io.autoencoded.job.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.testing.MiniHdfs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLockTest {
  @TempDir Path dir;

  @Test
  void exclusiveOnLocalFiles() throws Exception {
    StoreLayout layout = new StoreLayout(dir.toUri().toString());
    check(FileSystem.get(layout.rootPath().toUri(), new Configuration()), layout);
  }

  @Test
  void exclusiveOnHdfs() throws Exception {
    try (MiniHdfs hdfs = MiniHdfs.start()) {
      StoreLayout layout = new StoreLayout(hdfs.store("locks"));
      check(FileSystem.get(layout.rootPath().toUri(), hdfs.configuration()), layout);
    }
  }

  private void check(FileSystem fs, StoreLayout layout) throws Exception {
    Optional<StoreLock> first = StoreLock.tryAcquire(fs, layout, "retrain");
    assertTrue(first.isPresent());
    assertTrue(StoreLock.tryAcquire(fs, layout, "retrain").isEmpty(), "second holder while the first holds it");
    assertTrue(StoreLock.holder(fs, layout, "retrain").orElseThrow().contains("pid " + ProcessHandle.current().pid()));
    assertTrue(StoreLock.tryAcquire(fs, layout, "other").isPresent(), "locks are by name");
    first.get().close();
    try (StoreLock again = StoreLock.tryAcquire(fs, layout, "retrain").orElseThrow()) {
      assertEquals(Optional.empty(), StoreLock.tryAcquire(fs, layout, "retrain"));
    }
  }

  @Test
  void aLockLeftByADeadProcessOnThisHostIsTakenOver() throws Exception {
    StoreLayout layout = new StoreLayout(dir.toUri().toString());
    FileSystem fs = FileSystem.get(layout.rootPath().toUri(), new Configuration());
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    fs.mkdirs(layout.locks());
    try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(layout.locks(), "retrain.lock"))) {
      out.write((java.net.InetAddress.getLocalHost().getHostName() + " pid " + dead.pid() + " since then")
          .getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(StoreLock.tryAcquire(fs, layout, "retrain").isPresent());
  }
}
