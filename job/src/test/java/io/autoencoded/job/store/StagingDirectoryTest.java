package io.autoencoded.job.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.config.SettingsLoader;
import io.autoencoded.job.config.StoreSettings;
import io.autoencoded.job.testing.MiniHdfs;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging directories on a local store and on a real HDFS: removed with their empty parent when closed, never
 * taken from a run that is alive, taken from a run that is dead (this process's closed-without-cleanup runs,
 * a dead process on this host, any run whose heartbeat is too old). The SIGKILL cases with real processes are
 * in deploy's KilledRunsLeaveNothingTest.
 */
class StagingDirectoryTest {
  @TempDir Path dir;

  @Test
  void onLocalFiles() throws Exception {
    StoreLayout layout = new StoreLayout(dir.toUri().toString());
    check(FileSystem.get(layout.rootPath().toUri(), new Configuration()), layout);
  }

  @Test
  void onHdfs() throws Exception {
    try (MiniHdfs hdfs = MiniHdfs.start()) {
      StoreLayout layout = new StoreLayout(hdfs.store("staging"));
      check(FileSystem.newInstance(layout.rootPath().toUri(), hdfs.configuration()), layout);
    }
  }

  private void check(FileSystem fs, StoreLayout layout) throws Exception {
    StoreSettings settings = settings(1, 600);
    org.apache.hadoop.fs.Path parent = layout.staging("x").getParent();

    StagingDirectory a = StagingDirectory.open(fs, layout, "ingest-a", settings);
    StagingDirectory b = StagingDirectory.open(fs, layout, "ingest-b", settings);
    assertEquals(List.of(), b.removedStale(), "a live run's staging was taken");
    assertTrue(fs.exists(a.path()) && fs.exists(b.path()));
    a.close();
    assertFalse(fs.exists(a.path()));
    assertTrue(fs.exists(parent), "_staging removed while another run stages");
    b.close();
    assertFalse(fs.exists(parent), "an empty _staging left behind");

    // a dead process on this host, in this PID namespace: taken at once
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    org.apache.hadoop.fs.Path dead = stagingOf(fs, layout, "ingest-dead", StagingDirectory.Owner.HOST, gone.pid());
    // the same where the PID namespace is not known: only once its heartbeat missed two beats
    String bareHost = StagingDirectory.Owner.HOST.split("/")[0];
    org.apache.hadoop.fs.Path bare = stagingOf(fs, layout, "ingest-bare", bareHost, gone.pid());
    // another host's run with a fresh heartbeat: cannot be asked, must be kept
    org.apache.hadoop.fs.Path remote = stagingOf(fs, layout, "ingest-remote", "elsewhere", 1);
    StagingDirectory young = StagingDirectory.open(fs, layout, "ingest-c", settings);
    assertTrue(StagingDirectory.Owner.HOST.contains("/pid:["), "no PID namespace on this Linux host");
    assertEquals(List.of(dead.getName()), names(young.removedStale()));
    young.close();
    Thread.sleep(2_200); // two beats of 1 s: the rule under test is about the heartbeat's age
    StagingDirectory c = StagingDirectory.open(fs, layout, "ingest-c", settings);
    assertEquals(List.of(bare.getName()), names(c.removedStale()));
    assertTrue(fs.exists(remote), "another host's fresh run was taken");

    // the same process's run that could not clean up (its filesystem was down when it closed): taken at once
    c.close();
    org.apache.hadoop.fs.Path mine = layout.staging("ingest-mine");
    write(fs, new org.apache.hadoop.fs.Path(mine, StagingDirectory.OWNER), StagingDirectory.Owner.me().line());
    write(fs, new org.apache.hadoop.fs.Path(mine, StagingDirectory.HEARTBEAT), "");
    StagingDirectory d = StagingDirectory.open(fs, layout, "ingest-d", settings);
    assertEquals(List.of(mine.getName()), names(d.removedStale()));
    assertTrue(fs.exists(remote));
    d.close();

    // any run whose heartbeat is older than store.staging-stale-after-s, wherever it ran
    write(fs, new org.apache.hadoop.fs.Path(remote, StagingDirectory.HEARTBEAT), ""); // its last beat
    StagingDirectory e = StagingDirectory.open(fs, layout, "ingest-e", settings(1, 3));
    assertEquals(List.of(), e.removedStale());
    e.close();
    Thread.sleep(3_200);
    StagingDirectory f = StagingDirectory.open(fs, layout, "ingest-f", settings(1, 3));
    assertEquals(List.of(remote.getName()), names(f.removedStale()));
    f.close();
    assertFalse(fs.exists(parent));
  }

  /** A staging directory as a run of {@code pid} on {@code host} leaves it, with a fresh heartbeat. */
  private static org.apache.hadoop.fs.Path stagingOf(FileSystem fs, StoreLayout layout, String what, String host,
      long pid) throws Exception {
    org.apache.hadoop.fs.Path p = layout.staging(what);
    write(fs, new org.apache.hadoop.fs.Path(p, StagingDirectory.OWNER), host + " pid " + pid + " start 1");
    write(fs, new org.apache.hadoop.fs.Path(p, StagingDirectory.HEARTBEAT), "");
    return p;
  }

  private static List<String> names(List<org.apache.hadoop.fs.Path> paths) {
    return paths.stream().map(org.apache.hadoop.fs.Path::getName).sorted().toList();
  }

  private static StoreSettings settings(int heartbeat, int staleAfter) {
    return SettingsLoader.load(List.of(), Map.of("store.staging-heartbeat-s", String.valueOf(heartbeat),
        "store.staging-stale-after-s", String.valueOf(staleAfter))).store();
  }

  private static void write(FileSystem fs, org.apache.hadoop.fs.Path p, String text) throws Exception {
    try (OutputStream out = fs.create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
