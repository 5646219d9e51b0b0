package io.autoencoded.deploy.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.deploy.Launcher;
import io.autoencoded.deploy.VideoProbe;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.StoreLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults with real processes (deploy/bin/autoencoded): ingest and reconstruct killed with SIGKILL mid-way and
 * re-run give what an uninterrupted run gives, nothing partial is visible meanwhile, and two ingests into one
 * store at once both succeed.
 */
class KillAndRerunIT {
  static final Path CLIP = Path.of("../deploy/demo/cityCC0.mpg").toAbsolutePath().normalize();
  static final int LONG_FRAMES = 6000;
  static final int INGEST_FRAMES = 4 * LONG_FRAMES;

  @TempDir static Path dir;
  static Path longFilm;

  @BeforeAll
  static void makeALongFilm() throws Exception {
    longFilm = GeneratedFilms.constantRate(dir.resolve("long.mkv"), 64, 48, LONG_FRAMES, 25);
  }

  static List<String> command(String store, String... args) {
    List<String> all = new ArrayList<>(Launcher.autoencoded(args));
    all.addAll(List.of("--store", store, "--master", "local[2]",
        "--set", "frames.height=32", "--set", "frames.width=48", "--set", "model.filters=4",
        "--set", "model.latent=8", "--set", "train.epochs=1", "--set", "train.batch-size=8",
        "--set", "ingest.segment-frames=200", "--set", "ingest.progress-interval-s=1",
        "--set", "reconstruct.progress-interval-s=1", "--set", "reconstruct.frames-per-segment=250"));
    return all;
  }

  static Launcher.Result ok(List<String> command) throws Exception {
    Launcher.Result r = Launcher.run(dir.resolve("logs"), Map.of(), 600, command);
    assertEquals(0, r.status(), r.err());
    return r;
  }

  @Test
  void ingestKilledMidwayThenRerunEqualsAnUninterruptedIngest() throws Exception {
    String clean = dir.resolve("clean").toUri().toString();
    String killed = dir.resolve("killed").toUri().toString();
    // four times the shared film: with class-data sharing the launcher's ingest of 6,000 of these tiny frames
    // took 1 s, and could end before its first progress line
    Path longer = GeneratedFilms.constantRate(dir.resolve("longer.mkv"), 64, 48, INGEST_FRAMES, 25);
    ok(command(clean, "ingest", "--film", longer.toString(), "--film-id", "long"));

    KilledProcess.Killed k = KilledProcess.killWhen(dir.resolve("logs"),
        command(killed, "ingest", "--film", longer.toString(), "--film-id", "long"),
        Pattern.compile("ingest long: [1-9]\\d* / " + INGEST_FRAMES + " frames \\((?!100%)"), 300);
    assertTrue(k.wasRunning(), "the ingest finished before it could be killed:\n" + k.output());
    System.out.println("RELIABILITY | ingest: SIGKILL mid-way | exit " + k.status() + " | "
        + lastLine(k.output()));
    StoreLayout layout = new StoreLayout(killed);
    assertTrue(new FilmRegistry(layout, new Configuration()).find("long").isEmpty(),
        "a killed ingest registered the film");
    assertFalse(Files.exists(local(layout.framesOf("long"))), "a killed ingest left frames visible");

    Launcher.Result rerun = ok(command(killed, "ingest", "--film", longer.toString(), "--film-id", "long"));
    System.out.println("RELIABILITY | ingest: re-run after SIGKILL | exit " + rerun.status() + " | "
        + lastLine(rerun.out()) + " | left under _staging: " + staging(killed));

    List<String> expected = FramesOnDisk.rows(local(new StoreLayout(clean).framesOf("long")));
    List<String> actual = FramesOnDisk.rows(local(layout.framesOf("long")));
    assertEquals(INGEST_FRAMES, expected.size());
    assertEquals(INGEST_FRAMES, new HashSet<>(actual.stream().map(r -> r.split(" ")[0]).toList()).size(),
        "duplicate or missing frame indices");
    assertEquals(expected, actual, "the re-run's rows differ from an uninterrupted ingest");
    // the same files, each of the same length (their bytes can differ: see docs/RELIABILITY.md)
    assertEquals(parquetSizes(local(new StoreLayout(clean).framesOf("long"))),
        parquetSizes(local(layout.framesOf("long"))), "the Parquet files differ");
    System.out.println("RELIABILITY | ingest: Parquet files byte-identical to the uninterrupted run: "
        + parquetBytes(local(new StoreLayout(clean).framesOf("long"))).equals(
            parquetBytes(local(layout.framesOf("long")))));
    System.out.println("RELIABILITY | ingest: where the largest Parquet files differ: "
        + firstDifference(local(new StoreLayout(clean).framesOf("long")), local(layout.framesOf("long"))));
    FilmRecord a = new FilmRegistry(new StoreLayout(clean), new Configuration()).require("long");
    FilmRecord b = new FilmRegistry(layout, new Configuration()).require("long");
    assertEquals(a.frameCount(), b.frameCount());
    assertEquals(a.sha256(), b.sha256());
  }

  @Test
  void reconstructKilledMidwayThenRerunWritesTheWholeFilm() throws Exception {
    String store = dir.resolve("recon").toUri().toString();
    ok(command(store, "ingest", "--film", longFilm.toString(), "--film-id", "long"));
    ok(command(store, "ingest", "--film", CLIP.toString(), "--film-id", "city"));
    ok(command(store, "train", "--film-id", "city"));
    Path outDir = Files.createDirectories(dir.resolve("recon-out"));
    Path out = outDir.resolve("long.mp4");

    KilledProcess.Killed k = KilledProcess.killWhen(dir.resolve("logs"),
        command(store, "reconstruct", "--film-id", "long", "--out", out.toString()),
        Pattern.compile("reconstruct long: [1-9]\\d*/" + LONG_FRAMES + " frames \\((?!100 %)"), 300);
    assertTrue(k.wasRunning(), "the reconstruct finished before it could be killed:\n" + k.output());
    System.out.println("RELIABILITY | reconstruct: SIGKILL mid-way | exit " + k.status() + " | "
        + lastLine(k.output()) + " | left in --out's directory: " + list(outDir));
    assertFalse(Files.exists(out), "a killed reconstruct left a video at --out");
    assertFalse(Files.exists(local(new StoreLayout(store).reconstructionsOf("long")).resolve("reconstruction.mp4")),
        "a killed reconstruct published a video in the store");

    Launcher.Result rerun = ok(command(store, "reconstruct", "--film-id", "long", "--out", out.toString()));
    System.out.println("RELIABILITY | reconstruct: re-run after SIGKILL | exit " + rerun.status() + " | "
        + lastLine(rerun.out()));
    assertEquals(LONG_FRAMES, VideoProbe.of(out).frames());
    assertEquals(List.of("long-report", "long.mp4"), list(outDir).stream().sorted().toList(),
        "the re-run left the killed run's temporary file beside --out");
  }

  @Test
  void twoIngestsIntoOneStoreAtOnceBothSucceed() throws Exception {
    String store = dir.resolve("shared").toUri().toString();
    CompletableFuture<Launcher.Result> first = CompletableFuture.supplyAsync(() -> run(
        command(store, "ingest", "--film", longFilm.toString(), "--film-id", "long")));
    CompletableFuture<Launcher.Result> second = CompletableFuture.supplyAsync(() -> run(
        command(store, "ingest", "--film", CLIP.toString(), "--film-id", "city")));
    Launcher.Result a = first.get();
    Launcher.Result b = second.get();
    System.out.println("RELIABILITY | two ingests at once | exit " + a.status() + " and " + b.status() + " | "
        + lastLine(a.out()) + " / " + lastLine(b.out()));
    assertEquals(0, a.status(), a.err());
    assertEquals(0, b.status(), b.err());
    StoreLayout layout = new StoreLayout(store);
    FilmRegistry registry = new FilmRegistry(layout, new Configuration());
    assertEquals(List.of("city", "long"), registry.list().stream().map(FilmRecord::filmId).sorted().toList());
    assertEquals(LONG_FRAMES, registry.require("long").frameCount());
    assertEquals(190, registry.require("city").frameCount());
    assertEquals(LONG_FRAMES, FramesOnDisk.rows(local(layout.framesOf("long"))).size());
    assertEquals(190, FramesOnDisk.rows(local(layout.framesOf("city"))).size());
  }

  private static Launcher.Result run(List<String> command) {
    try {
      return Launcher.run(dir.resolve("logs"), Map.of(), 600, command);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path local(org.apache.hadoop.fs.Path p) {
    return Path.of(p.toUri());
  }

  /** For the largest file of each directory: its length, how many bytes differ and the first offset. */
  private static String firstDifference(Path x, Path y) throws Exception {
    byte[] a = Files.readAllBytes(largest(x));
    byte[] b = Files.readAllBytes(largest(y));
    int differ = 0;
    int first = -1;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] != b[i]) {
        differ++;
        first = first < 0 ? i : first;
      }
    }
    return a.length + " vs " + b.length + " bytes, " + differ + " differ, first at " + first;
  }

  private static Path largest(Path d) throws Exception {
    try (Stream<Path> s = Files.walk(d)) {
      return s.filter(p -> p.toString().endsWith(".parquet"))
          .max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    }
  }

  private static List<String> parquetSizes(Path framesDir) throws Exception {
    return parquetBytes(framesDir).stream().map(s -> s.split(" ")[0]).toList();
  }

  private static List<String> parquetBytes(Path framesDir) throws Exception {
    try (Stream<Path> s = Files.walk(framesDir)) {
      return s.filter(p -> p.toString().endsWith(".parquet"))
          .map(p -> StoreSnapshot.of(p.getParent()).files().get(p.getFileName().toString())).sorted().toList();
    }
  }

  private static List<String> staging(String store) throws Exception {
    Path d = Path.of(java.net.URI.create(store)).resolve("_staging");
    return Files.isDirectory(d) ? list(d) : List.of();
  }

  private static List<String> list(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }
}
