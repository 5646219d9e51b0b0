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
 * a dead process on this host, any run whose heartbeat is too old); a dead run of resumable work taken over by the
 * same work, kept by other runs, removed by other work of its family. The SIGKILL cases with real processes are
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

  @Test
  void aDeadRunOfTheSameWorkIsTakenOverWholeAndOtherWorkIsKeptOrRemoved() throws Exception {
    StoreLayout layout = new StoreLayout(dir.toUri().toString());
    FileSystem fs = FileSystem.get(layout.rootPath().toUri(), new Configuration());
    ResumableWork work = new ResumableWork("reconstruct-long", "aaaa");
    long deadPid = deadProcess();
    org.apache.hadoop.fs.Path same = resumableOf(fs, layout, work, deadPid);
    write(fs, new org.apache.hadoop.fs.Path(same, "results/seg-00000.bin"), "finished");
    org.apache.hadoop.fs.Path superseded = resumableOf(fs, layout, new ResumableWork("reconstruct-long", "bbbb"),
        deadPid);
    org.apache.hadoop.fs.Path otherFilm = resumableOf(fs, layout, new ResumableWork("reconstruct-city", "cccc"),
        deadPid);

    // an ingest keeps every dead run's resumable work
    StagingDirectory ingest = StagingDirectory.open(fs, layout, "ingest-x", settings(1, 600, 3600));
    assertEquals(List.of(), ingest.removedStale());
    ingest.close();

    // the same work takes its dead run over, with what it finished; the same film's other work goes
    StagingDirectory resumed = StagingDirectory.openResumable(fs, layout, work, settings(1, 600, 3600));
    assertEquals(java.util.Optional.of(same), resumed.resumedFrom());
    assertEquals(List.of(superseded.getName()), names(resumed.removedStale()));
    assertFalse(fs.exists(same), "the dead run's directory is renamed, not copied");
    assertEquals("finished", read(fs, new org.apache.hadoop.fs.Path(resumed.path(), "results/seg-00000.bin")));
    assertTrue(resumed.path().getName().startsWith("reconstruct-long-aaaa-"), resumed.path().getName());
    assertTrue(fs.exists(otherFilm), "another film's resumable work was removed");

    // while it runs, the same work again starts afresh: a live run is never taken over
    StagingDirectory second = StagingDirectory.openResumable(fs, layout, work, settings(1, 600, 3600));
    assertEquals(java.util.Optional.empty(), second.resumedFrom());
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(second.path(), "results")));
    second.close();
    resumed.close();
    assertFalse(fs.exists(resumed.path()));

    // with nothing kept for resuming, any run removes it
    StagingDirectory keepNothing = StagingDirectory.open(fs, layout, "ingest-y", settings(1, 600, 0));
    assertEquals(List.of(otherFilm.getName()), names(keepNothing.removedStale()));
    keepNothing.close();
    assertFalse(fs.exists(layout.staging("x").getParent()));
  }

  private static long deadProcess() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    return gone.pid();
  }

  private static org.apache.hadoop.fs.Path resumableOf(FileSystem fs, StoreLayout layout, ResumableWork work,
      long pid) throws Exception {
    org.apache.hadoop.fs.Path p = stagingOf(fs, layout, work.family() + "-" + work.fingerprint(),
        StagingDirectory.Owner.HOST, pid);
    write(fs, new org.apache.hadoop.fs.Path(p, StagingDirectory.RESUMABLE), work.line());
    return p;
  }

  private static String read(FileSystem fs, org.apache.hadoop.fs.Path p) throws Exception {
    try (java.io.InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
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
    return settings(heartbeat, staleAfter, 86400);
  }

  private static StoreSettings settings(int heartbeat, int staleAfter, int resumeKeep) {
    return SettingsLoader.load(List.of(), Map.of("store.staging-heartbeat-s", String.valueOf(heartbeat),
        "store.staging-stale-after-s", String.valueOf(staleAfter), "store.staging-resume-keep-s",
        String.valueOf(resumeKeep))).store();
  }

  private static void write(FileSystem fs, org.apache.hadoop.fs.Path p, String text) throws Exception {
    try (OutputStream out = fs.create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
