package io.autoencoded.job.store;

import io.autoencoded.job.config.StoreSettings;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One run's staging directory, {@code STORE/_staging/NAME-UUID}, kept alive by a heartbeat file inside it that
 * the driver rewrites every {@code store.staging-heartbeat-s}. A SIGKILLed run cannot clean up after itself, so
 * every run, when it opens its own staging directory, removes those of dead runs: a run of this process that is
 * no longer open; a run whose process, on this host and in this PID namespace, is gone (process ids are only
 * comparable there: the owner names its host and its PID namespace; where the namespace cannot be read, the run
 * must also have missed two beats, which keeps a live run safe when two hosts, such as containers, share a
 * name); any run whose heartbeat is older than {@code store.staging-stale-after-s}, which is the only test that
 * holds across hosts on HDFS.
 * Ages are measured against the filesystem's own clock: the modification time of this run's fresh heartbeat.
 *
 * <p>Work that can be resumed ({@link #openResumable}: a reconstruct's finished segments) names itself in the
 * directory, as a family of runs and a fingerprint of the exact work. A run of the same work takes a dead run's
 * directory over whole, with what it finished; a run of the same family with other work removes it (it could never
 * be used); any other run keeps it for {@code store.staging-resume-keep-s} after its last beat.
 *
 * <p>Closing removes the directory and then {@code _staging} itself when it is empty. Neither ever throws: a
 * directory left behind (the filesystem just became unreachable, say) is invisible to readers and is removed by
 * a later run.
 */
public final class StagingDirectory implements AutoCloseable {
  static final String HEARTBEAT = "_heartbeat";
  /** Who runs it: written once, before the first beat, so that a beat cut short by a kill never hides it. */
  static final String OWNER = "_owner";
  /** The work a resumable directory holds (family and fingerprint); absent in any other run's directory. */
  static final String RESUMABLE = "_resumable";
  /** This process's open staging directories, by name: the only ones of this process that are alive. */
  private static final Set<String> OPEN = ConcurrentHashMap.newKeySet();

  private final FileSystem fs;
  private final Path path;
  private final List<Path> removedStale;
  private final Optional<Path> resumedFrom;
  private final Thread heartbeat;
  private volatile boolean open = true;

  private StagingDirectory(FileSystem fs, Path path, List<Path> removedStale, Optional<Path> resumedFrom,
      long beatMillis) {
    this.fs = fs;
    this.path = path;
    this.removedStale = removedStale;
    this.resumedFrom = resumedFrom;
    this.heartbeat = new Thread(() -> beat(beatMillis), "staging-heartbeat-" + path.getName());
    heartbeat.setDaemon(true);
    heartbeat.start();
  }

  /** Creates a fresh staging directory for {@code what}, after removing those of dead runs. */
  public static StagingDirectory open(FileSystem fs, StoreLayout layout, String what, StoreSettings settings)
      throws IOException {
    return open(fs, layout, what, null, settings);
  }

  /**
   * A staging directory for work that can be resumed: the directory of a dead run of the same work, taken over
   * with what it finished (see {@link #resumedFrom}), or else a fresh one. Dead runs' other directories are
   * removed as by {@link #open}, and so are those of the same family with other work.
   */
  public static StagingDirectory openResumable(FileSystem fs, StoreLayout layout, ResumableWork work,
      StoreSettings settings) throws IOException {
    return open(fs, layout, work.family() + "-" + work.fingerprint(), work, settings);
  }

  private static StagingDirectory open(FileSystem fs, StoreLayout layout, String what, ResumableWork work,
      StoreSettings settings) throws IOException {
    Path path = layout.staging(what);
    OPEN.add(path.getName());
    try {
      write(fs, new Path(path, OWNER), Owner.me().line().getBytes(StandardCharsets.UTF_8));
      if (work != null) {
        write(fs, new Path(path, RESUMABLE), work.line().getBytes(StandardCharsets.UTF_8));
      }
      writeHeartbeat(fs, path);
      long now = fs.getFileStatus(new Path(path, HEARTBEAT)).getModificationTime();
      List<Path> removed = new ArrayList<>();
      List<Path> sameWork = removeDead(fs, path.getParent(), now, settings.stagingHeartbeatS() * 1000L,
          settings.stagingStaleAfterS() * 1000L, settings.stagingResumeKeepS() * 1000L, work, removed);
      Optional<Path> resumedFrom = Optional.empty();
      Path own = path;
      for (Path candidate : sameWork) {
        Optional<Path> taken = resumedFrom.isPresent() ? Optional.empty() : takeOver(fs, layout, what, candidate);
        if (taken.isPresent()) {
          resumedFrom = Optional.of(candidate);
          own = taken.get();
        } else if (resumedFrom.isPresent() && deleteQuietly(fs, candidate)) {
          removed.add(candidate); // a second dead run of the same work: one is enough
        }
      }
      if (own != path) {
        OPEN.remove(path.getName());
        deleteQuietly(fs, path);
      }
      return new StagingDirectory(fs, own, List.copyOf(removed), resumedFrom, settings.stagingHeartbeatS() * 1000L);
    } catch (IOException | RuntimeException e) {
      OPEN.remove(path.getName());
      deleteQuietly(fs, path);
      throw e;
    }
  }

  /**
   * Takes a dead run's directory over: claims it first (a directory with a live owner and a fresh beat is left
   * alone by every other run), then renames it to a name of its own, which only one of two runs racing for it
   * can do. Returns the new name, or nothing when another run took or removed it first.
   */
  private static Optional<Path> takeOver(FileSystem fs, StoreLayout layout, String what, Path dead) {
    Path target = layout.staging(what);
    OPEN.add(dead.getName());
    OPEN.add(target.getName());
    try {
      write(fs, new Path(dead, OWNER), Owner.me().line().getBytes(StandardCharsets.UTF_8));
      writeHeartbeat(fs, dead);
      if (!fs.rename(dead, target)) {
        OPEN.remove(target.getName());
        return Optional.empty();
      }
      // a racing claim may have written its owner after ours: this directory is ours now
      write(fs, new Path(target, OWNER), Owner.me().line().getBytes(StandardCharsets.UTF_8));
      writeHeartbeat(fs, target);
      return Optional.of(target);
    } catch (IOException | RuntimeException e) {
      OPEN.remove(target.getName());
      return Optional.empty();
    } finally {
      OPEN.remove(dead.getName());
    }
  }

  public Path path() {
    return path;
  }

  /** The staging directories of dead runs that opening this one removed. */
  public List<Path> removedStale() {
    return removedStale;
  }

  /** The dead run's directory this one took over (now at {@link #path}), with the work it had finished. */
  public Optional<Path> resumedFrom() {
    return resumedFrom;
  }

  @Override
  public void close() {
    if (!open) {
      return;
    }
    open = false;
    heartbeat.interrupt();
    try {
      heartbeat.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    OPEN.remove(path.getName());
    if (deleteQuietly(fs, path)) {
      removeIfEmpty(fs, path.getParent());
    }
  }

  private void beat(long millis) {
    while (open) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        return;
      }
      if (open) {
        try {
          writeHeartbeat(fs, path);
        } catch (IOException | RuntimeException e) {
          // the filesystem is unreachable for now: the job itself will see it too; beat again next time
        }
      }
    }
  }

  /** A beat is an empty file written anew: its modification time, set by the filesystem, is what counts. */
  private static void writeHeartbeat(FileSystem fs, Path dir) throws IOException {
    write(fs, new Path(dir, HEARTBEAT), new byte[0]);
  }

  private static void write(FileSystem fs, Path file, byte[] content) throws IOException {
    IOException last = null;
    // on a local filesystem a concurrent run removing the empty _staging can race our mkdirs: try again
    for (int attempt = 0; attempt < 3; attempt++) {
      try (OutputStream out = fs.create(file, true)) {
        out.write(content);
        return;
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  /**
   * Removes the dead runs' entries of {@code staging}, adding them to {@code removed}, except resumable ones kept
   * for their own work; returns the dead entries of {@code work} itself, the most recently alive first.
   */
  static List<Path> removeDead(FileSystem fs, Path staging, long now, long beatMillis, long staleMillis,
      long resumeKeepMillis, ResumableWork work, List<Path> removed) throws IOException {
    FileStatus[] entries;
    try {
      entries = fs.listStatus(staging);
    } catch (FileNotFoundException e) {
      return List.of();
    }
    List<Map.Entry<Path, Long>> sameWork = new ArrayList<>(); // directory, time of its last sign of life
    for (FileStatus entry : entries) {
      if (OPEN.contains(entry.getPath().getName())) {
        continue;
      }
      Optional<FileStatus> beat = Optional.empty();
      Optional<Owner> owner = Optional.empty();
      Optional<ResumableWork> holds = Optional.empty();
      if (entry.isDirectory()) {
        try {
          beat = Optional.of(fs.getFileStatus(new Path(entry.getPath(), HEARTBEAT)));
          owner = Owner.parse(read(fs, new Path(entry.getPath(), OWNER)));
          holds = ResumableWork.parse(readIfThere(fs, new Path(entry.getPath(), RESUMABLE)));
        } catch (FileNotFoundException e) {
          // being created, or written by a version without heartbeats (or a checkpoint's staging): age decides
        }
      }
      FileStatus lastSign = beat.orElse(entry);
      long age = now - lastSign.getModificationTime();
      if (!isDead(age, owner, beatMillis, staleMillis)) {
        continue;
      }
      if (work != null && holds.equals(Optional.of(work))) {
        sameWork.add(Map.entry(entry.getPath(), lastSign.getModificationTime()));
        continue;
      }
      boolean keptForItsWork = holds.isPresent() && (work == null || !holds.get().family().equals(work.family()))
          && age <= resumeKeepMillis;
      if (!keptForItsWork && fs.delete(entry.getPath(), true)) {
        removed.add(entry.getPath());
      }
    }
    sameWork.sort(Map.Entry.<Path, Long>comparingByValue().reversed());
    return sameWork.stream().map(Map.Entry::getKey).toList();
  }

  private static boolean isDead(long age, Optional<Owner> owner, long beatMillis, long staleMillis) {
    if (age > staleMillis) {
      return true;
    }
    if (owner.isEmpty()) {
      return false;
    }
    Owner o = owner.get();
    if (o.host().equals(Owner.HOST) && o.namesItsPidNamespace()) {
      // this host, this PID namespace: its process id is one we can ask about
      return o.isThisProcess() || !o.isAlive(); // this process's own: not among its open ones (caller checked)
    }
    if (!o.namesItsPidNamespace() && o.host().equals(Owner.HOST.split("/")[0])) {
      // this host's name, PID namespace unknown: another host may share the name, so wait for missed beats too
      return o.isThisProcess() || !o.isAlive() && age > 2 * beatMillis;
    }
    return false; // another host or PID namespace: only the heartbeat's age can tell
  }

  private static String read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (FileNotFoundException e) {
      throw e;
    } catch (IOException e) {
      return ""; // cut short by a kill (a local checksum that does not match, say): not a known owner
    }
  }

  private static String readIfThere(FileSystem fs, Path file) throws IOException {
    try {
      return read(fs, file);
    } catch (FileNotFoundException e) {
      return "";
    }
  }

  private static boolean deleteQuietly(FileSystem fs, Path p) {
    try {
      fs.delete(p, true);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Removes {@code dir} only if it is empty, atomically: Hadoop's local non-recursive delete lists and then
   * deletes recursively, which could take a directory another run has just created, so local paths use rmdir.
   */
  public static void removeIfEmpty(FileSystem fs, Path dir) {
    try {
      if ("file".equals(fs.getUri().getScheme())) {
        Files.delete(java.nio.file.Path.of(fs.makeQualified(dir).toUri()));
      } else {
        fs.delete(dir, false);
      }
    } catch (DirectoryNotEmptyException | NoSuchFileException e) {
      // another run is staging, or one removed it first
    } catch (IOException | RuntimeException e) {
      // HDFS refuses a non-empty directory (another run is staging) or is unreachable: leave it
    }
  }

  /**
   * Who writes a heartbeat: host (with its PID namespace where Linux tells it, e.g. {@code vm/pid:[4026531836]}),
   * process id and the process's start time (process ids are reused).
   */
  record Owner(String host, long pid, long startMillis) {
    static final String HOST = hostname() + pidNamespace().map(ns -> "/" + ns).orElse("");

    static Owner me() {
      ProcessHandle self = ProcessHandle.current();
      return new Owner(HOST, self.pid(), startMillis(self));
    }

    String line() {
      return host + " pid " + pid + " start " + startMillis;
    }

    static Optional<Owner> parse(String line) {
      String[] p = line.split(" ");
      if (p.length != 5 || !p[1].equals("pid") || !p[3].equals("start")) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Owner(p[0], Long.parseLong(p[2]), Long.parseLong(p[4])));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    boolean namesItsPidNamespace() {
      return host.contains("/pid:[");
    }

    boolean isThisProcess() {
      return equals(me());
    }

    boolean isAlive() {
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      if (process.isEmpty() || !process.get().isAlive()) {
        return false;
      }
      long start = startMillis(process.get());
      return start < 0 || startMillis < 0 || start == startMillis;
    }

    private static long startMillis(ProcessHandle p) {
      return p.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L);
    }

    private static Optional<String> pidNamespace() {
      try {
        String ns = Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/pid")).toString();
        return ns.matches("pid:\\[\\d+\\]") ? Optional.of(ns) : Optional.empty();
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return Optional.empty();
      }
    }

    private static String hostname() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        return ManagementFactory.getRuntimeMXBean().getName();
      }
    }
  }
}
