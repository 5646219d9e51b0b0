package io.autoencoded.deploy.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.deploy.Autoencoded;
import io.autoencoded.deploy.CommandLines;
import io.autoencoded.deploy.Launcher;
import io.autoencoded.deploy.VideoProbe;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.StoreLayout;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ingest and a reconstruct killed with SIGKILL (real child JVMs running the entry point) leave their staging
 * directory in the store and their scratch directory (segment videos, soundtrack) in the local temporary
 * directory; the same command again removes both, leaves nothing of its own behind, and gives what an
 * uninterrupted run gives.
 */
class KilledRunsLeaveNothingTest {
  static final Path CLIP = Path.of("../deploy/demo/cityCC0.mpg").toAbsolutePath().normalize();
  static final int FRAMES = 3000;
  static final List<String> SETTINGS = List.of("--set", "ingest.segment-frames=200",
      "--set", "ingest.progress-interval-s=1", "--set", "reconstruct.progress-interval-s=1",
      "--set", "reconstruct.frames-per-segment=250");

  @TempDir static Path dir;
  static Path film;

  @BeforeAll
  static void makeAFilm() throws Exception {
    film = GeneratedFilms.constantRate(dir.resolve("long.mkv"), 64, 48, FRAMES, 25);
  }

  @Test
  void aKilledIngestIsCleanedUpByTheRerunWhichEqualsAnUninterruptedIngest() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("ingest-tmp"));
    String clean = dir.resolve("ingest-clean").toUri().toString();
    String store = dir.resolve("ingest-killed").toUri().toString();
    // four times the shared film: the ingest decodes these tiny frames so fast that a 3,000-frame one could end
    // between two progress lines
    Path longer = GeneratedFilms.constantRate(dir.resolve("longer.mkv"), 64, 48, 4 * FRAMES, 25);
    inProcess("ingest", "--film", longer.toString(), "--film-id", "long", "--store", clean);

    List<String> ingest = child(tmp, "ingest", "--film", longer.toString(), "--film-id", "long", "--store", store);
    KilledProcess.Killed k = KilledProcess.killWhen(dir.resolve("logs"), ingest,
        Pattern.compile("ingest long: [1-9]\\d* / " + 4 * FRAMES + " frames \\((?!100%)"), 300);
    assertTrue(k.wasRunning(), "the ingest finished before it could be killed:\n" + k.output());
    StoreLayout layout = new StoreLayout(store);
    assertTrue(new FilmRegistry(layout, new Configuration()).find("long").isEmpty(), "a killed ingest registered");
    List<String> staged = list(storeDir(store, "_staging"));
    List<String> scratch = scratchDirs(tmp);
    System.out.println("RELIABILITY | ingest SIGKILLed | left in _staging: " + staged + " | in the temp dir: "
        + scratch + " " + contents(tmp));
    assertEquals(1, staged.size(), "the killed ingest's staging directory");
    assertEquals(1, scratch.size(), "the killed ingest's scratch directory");
    printOwner(storeDir(store, "_staging").resolve(staged.get(0)));

    Child rerun = run(ingest);
    System.out.println("RELIABILITY | ingest re-run | exit " + rerun.status + " | " + lastLine(rerun.output));
    assertEquals(0, rerun.status, rerun.output);
    assertFalse(Files.exists(storeDir(store, "_staging")), "_staging left: " + list(storeDir(store, "_staging")));
    assertTrue(rerun.output.contains(staged.get(0) + ", left in the store by a run that died"), rerun.output);
    assertEquals(List.of(), ours(tmp), "left in the temporary directory");
    assertEquals(FramesOnDisk.rows(local(new StoreLayout(clean).framesOf("long"))),
        FramesOnDisk.rows(local(layout.framesOf("long"))), "the re-run's rows differ from an uninterrupted ingest");
  }

  @Test
  void aKilledReconstructIsResumedByTheRerunWhichEqualsAnUninterruptedOne() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("reconstruct-tmp"));
    String store = dir.resolve("recon").toUri().toString();
    inProcess("ingest", "--film", film.toString(), "--film-id", "long", "--store", store);
    inProcess("ingest", "--film", CLIP.toString(), "--film-id", "city", "--store", store);
    inProcess("train", "--film-id", "city", "--store", store);
    Path clean = dir.resolve("clean-out").resolve("long.mp4");
    inProcess("reconstruct", "--film-id", "long", "--out", clean.toString(), "--store", store);

    Path outDir = Files.createDirectories(dir.resolve("recon-out"));
    Path out = outDir.resolve("long.mp4");
    List<String> reconstruct = child(tmp, "reconstruct", "--film-id", "long", "--out", out.toString(),
        "--store", store);
    Path staging = storeDir(store, "_staging");
    assertTrue(killWhileASegmentIsBeingEncoded(reconstruct, tmp, () -> finishedSegments(staging) > 0),
        "the reconstruct finished before it was killed");
    List<String> staged = list(staging);
    long finished = finishedSegments(staging);
    List<String> scratch = scratchDirs(tmp);
    List<String> segments = scratch.isEmpty() ? List.of() : list(tmp.resolve(scratch.get(0)));
    System.out.println("RELIABILITY | reconstruct SIGKILLed | left in _staging: " + staged
        + " | in the temp dir: " + scratch + " holding " + segments);
    assertEquals(1, staged.size(), "the killed reconstruct's staging directory");
    assertEquals(1, scratch.size(), "the killed reconstruct's scratch directory");
    assertTrue(segments.stream().anyMatch(f -> f.matches("seg-.*\\.mp4")), "no segment being encoded: " + segments);
    assertFalse(Files.exists(out), "a killed reconstruct left a video at --out");
    printOwner(staging.resolve(staged.get(0)));

    // an ingest in between keeps the dead reconstruct's finished segments for it
    Path other = GeneratedFilms.constantRate(dir.resolve("other.mkv"), 64, 48, 50, 25);
    inProcess("ingest", "--film", other.toString(), "--film-id", "other", "--store", store);
    assertEquals(staged, list(staging), "an ingest removed the dead reconstruct's finished segments");

    Child rerun = run(reconstruct);
    System.out.println("RELIABILITY | reconstruct re-run | exit " + rerun.status + " | "
        + rerun.output.lines().filter(l -> l.contains("resuming")).findFirst().orElse("(no resuming line)") + " | "
        + lastLine(rerun.output));
    assertEquals(0, rerun.status, rerun.output);
    assertFalse(Files.exists(staging), "_staging left: " + list(staging));
    Matcher resumed = Pattern.compile("resuming the run that died in \\S*" + Pattern.quote(staged.get(0))
        + ": (\\d+) of " + FRAMES / 250 + " segments").matcher(rerun.output);
    assertTrue(resumed.find(), rerun.output);
    assertTrue(Long.parseLong(resumed.group(1)) >= finished && finished > 0, resumed.group());
    assertEquals(List.of(), ours(tmp), "left in the temporary directory");
    assertEquals(List.of("long-report", "long.mp4"), list(outDir).stream().sorted().toList());
    assertEquals(FRAMES, VideoProbe.of(out).frames());
    long differ = Files.mismatch(clean, out);
    System.out.println("RELIABILITY | reconstruct: re-run's video vs an uninterrupted run's: "
        + (differ == -1 ? "byte-identical" : "first difference at byte " + differ));
    assertEquals(FRAMES, VideoProbe.of(clean).frames());
    assertEquals(-1, differ, "the re-run's video differs from an uninterrupted run's");
  }

  @Test
  void twoIngestsIntoOneStoreAtOnceBothSucceedAndLeaveNoStaging() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("shared-tmp"));
    String store = dir.resolve("shared").toUri().toString();
    java.util.concurrent.CompletableFuture<Child> first = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> runUnchecked(child(tmp, "ingest", "--film", film.toString(), "--film-id", "long", "--store", store)));
    java.util.concurrent.CompletableFuture<Child> second = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> runUnchecked(child(tmp, "ingest", "--film", CLIP.toString(), "--film-id", "city", "--store", store)));
    Child a = first.get();
    Child b = second.get();
    System.out.println("RELIABILITY | two ingests at once | exit " + a.status + " and " + b.status + " | "
        + lastLine(a.output) + " / " + lastLine(b.output));
    assertEquals(0, a.status, a.output);
    assertEquals(0, b.status, b.output);
    assertFalse(a.output.contains("left in the store by a run that died"), "a live run's staging was taken");
    assertFalse(b.output.contains("left in the store by a run that died"), "a live run's staging was taken");
    FilmRegistry registry = new FilmRegistry(new StoreLayout(store), new Configuration());
    assertEquals(FRAMES, registry.require("long").frameCount());
    assertEquals(190, registry.require("city").frameCount());
    assertFalse(Files.exists(storeDir(store, "_staging")), "_staging left: " + list(storeDir(store, "_staging")));
    assertEquals(List.of(), ours(tmp), "left in the temporary directory");
  }

  private static Child runUnchecked(List<String> command) {
    try {
      return run(command);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Kills the command with SIGKILL while one of its segment videos is in its scratch directory: a segment exists
   * only while a task encodes it, so the process is frozen (SIGSTOP) before looking, and let go on (SIGCONT) if
   * it happened to be between segments. Returns whether it was killed.
   */
  private static boolean killWhileASegmentIsBeingEncoded(List<String> command, Path tmp) throws Exception {
    return killWhileASegmentIsBeingEncoded(command, tmp, () -> true);
  }

  /** The same, once {@code ready} holds too. */
  private static boolean killWhileASegmentIsBeingEncoded(List<String> command, Path tmp,
      java.util.concurrent.Callable<Boolean> ready) throws Exception {
    Path log = Files.createDirectories(dir.resolve("logs")).resolve("killed-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(command).directory(Launcher.ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    try {
      while (p.isAlive() && System.nanoTime() < deadline) {
        if (segmentBeingEncoded(tmp) && ready.call()) {
          signal(p, "STOP");
          if (segmentBeingEncoded(tmp)) {
            p.destroyForcibly(); // SIGKILL, delivered to a stopped process too
            p.waitFor();
            System.out.println("$ " + String.join(" ", command.subList(command.indexOf(Autoencoded.class.getName()),
                command.size())) + "\n-> killed (" + p.exitValue() + ")\n" + Files.readString(log));
            return true;
          }
          signal(p, "CONT");
        }
        Thread.sleep(20);
      }
      return false;
    } finally {
      p.destroyForcibly();
    }
  }

  /** Segments a reconstruct staging in {@code staging} has finished (their figures are written last). */
  private static long finishedSegments(Path staging) throws Exception {
    long n = 0;
    for (String run : Files.isDirectory(staging) ? list(staging) : List.<String>of()) {
      Path results = staging.resolve(run).resolve("results");
      n += Files.isDirectory(results) ? list(results).stream().filter(f -> f.endsWith(".bin")).count() : 0;
    }
    return n;
  }

  private static boolean segmentBeingEncoded(Path tmp) throws Exception {
    for (String scratch : scratchDirs(tmp)) {
      if (list(tmp.resolve(scratch)).stream().anyMatch(f -> f.matches("seg-.*\\.mp4"))) {
        return true;
      }
    }
    return false;
  }

  private static void signal(Process p, String signal) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
  }

  /** The dead run's owner line: host and PID namespace, process id, start time. */
  private static void printOwner(Path staging) throws Exception {
    System.out.println("RELIABILITY | the dead run's owner: " + Files.readString(staging.resolve("_owner"))
        + " | its staging directory: " + list(staging));
  }

  private static void inProcess(String... args) {
    List<String> all = new ArrayList<>(CommandLines.with(args));
    all.addAll(SETTINGS);
    CommandLines.Outcome o = CommandLines.run(all);
    assertEquals(0, o.status(), o.err());
  }

  /** The entry point as its own JVM, with its own temporary directory. */
  private static List<String> child(Path tmp, String... args) {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.add("-Xmx1g");
    command.add("-Djava.io.tmpdir=" + tmp);
    for (String opt : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (opt.startsWith("--add-opens") || opt.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
          || opt.startsWith("-Djdk.reflect")) {
        command.add(opt);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Autoencoded.class.getName()));
    command.addAll(CommandLines.with(args));
    command.addAll(SETTINGS);
    return command;
  }

  private record Child(int status, String output) {}

  private static Child run(List<String> command) throws Exception {
    Path log = Files.createDirectories(dir.resolve("logs")).resolve("child-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(command).directory(Launcher.ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("the child did not finish in 300 s; see " + log);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println("$ " + String.join(" ", command.subList(command.indexOf(Autoencoded.class.getName()),
        command.size())) + "\n-> " + p.exitValue() + "\n" + output);
    return new Child(p.exitValue(), output);
  }

  private static Path storeDir(String store, String name) {
    return Path.of(java.net.URI.create(store)).resolve(name);
  }

  private static Path local(org.apache.hadoop.fs.Path p) {
    return Path.of(p.toUri());
  }

  private static List<String> scratchDirs(Path tmp) throws Exception {
    return list(tmp).stream().filter(n -> n.startsWith("autoencoded-scratch-")).toList();
  }

  /**
   * Everything under the temporary directory but lz4-java's copy of its native library: lz4-java (a Spark
   * dependency) writes it with a .lck file beside it, deletes both only at a normal exit, and removes old copies
   * only when their .lck is gone, so a SIGKILLed process's copy stays (about 150 KB); it cannot be moved out of
   * java.io.tmpdir.
   */
  private static List<String> ours(Path tmp) throws Exception {
    List<String> all = contents(tmp);
    System.out.println("RELIABILITY | left in the temporary directory: " + all);
    return all.stream().filter(n -> !n.startsWith("liblz4-java-")).toList();
  }

  /** Everything under {@code d}, relative, files and directories. */
  private static List<String> contents(Path d) throws Exception {
    try (Stream<Path> s = Files.walk(d)) {
      return s.filter(p -> !p.equals(d)).map(p -> d.relativize(p).toString()).sorted().toList();
    }
  }

  private static List<String> list(Path d) throws Exception {
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }
}
