package io.autoencoded.deploy.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.deploy.CommandLines;
import io.autoencoded.job.testing.MiniHdfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input across the commands, one table: each case runs the real entry point in-process against a store
 * prepared once, and must end with a non-zero exit, one sentence as the last stderr line (matched per case), no
 * stack trace, the store byte-for-byte as it was, and nothing at --out. The few inputs that are acceptable
 * (a small film, a truncated one, a variable-rate one) must ingest, into a scratch store.
 */
class BadInputTest {
  static final Path CLIP = Path.of("../deploy/demo/cityCC0.mpg");

  @TempDir static Path dir;
  static Path store;
  static String storeUri;
  static StoreSnapshot before;

  /** What a case is given to build its command line: the prepared store and files. */
  record Fixture(Path dir, String store, Path out) {}

  record Case(String name, Function<Fixture, List<String>> args, String lastLine) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void prepareStore() throws Exception {
    store = dir.resolve("store");
    storeUri = store.toUri().toString();
    ok(CommandLines.with("ingest", "--film", CLIP.toString(), "--film-id", "city", "--store", storeUri));
    List<String> wide = new ArrayList<>(CommandLines.with("ingest", "--film", CLIP.toString(), "--film-id", "wide",
        "--store", storeUri));
    wide.addAll(List.of("--set", "frames.height=48", "--set", "frames.width=64"));
    ok(wide);
    ok(CommandLines.with("train", "--film-id", "city", "--store", storeUri));

    Files.createFile(dir.resolve("empty.mp4"));
    Files.writeString(dir.resolve("notes.mp4"), "These are my notes, not a film.\n".repeat(50));
    byte[] random = new byte[256 * 1024];
    new Random(7).nextBytes(random);
    Files.write(dir.resolve("random.mp4"), random);
    byte[] clip = Files.readAllBytes(CLIP);
    Files.write(dir.resolve("truncated.mpg"), Arrays.copyOf(clip, clip.length / 2));
    GeneratedFilms.audioOnly(dir.resolve("audio-only.mp4"));
    GeneratedFilms.constantRate(dir.resolve("small.mkv"), 24, 16, 30, 25);
    GeneratedFilms.variableRate(dir.resolve("variable-rate.mkv"), 64, 48, 40);
    Files.createDirectories(dir.resolve("corrupt-model"));
    Files.write(dir.resolve("corrupt-model/checkpoint.bin"), Arrays.copyOf(random, 4096));
    Files.writeString(dir.resolve("a-file"), "a file where a directory is expected");
    before = StoreSnapshot.of(store);
  }

  private static void ok(List<String> args) {
    CommandLines.Outcome o = CommandLines.run(args);
    assertEquals(0, o.status(), o.err());
  }

  static Stream<Case> refused() {
    return Stream.of(
        new Case("ingest: missing path", f -> ingest(f, f.dir().resolve("missing.mp4")),
            "Film .*missing\\.mp4 does not exist or is not a file: .*"),
        new Case("ingest: empty file", f -> ingest(f, f.dir().resolve("empty.mp4")), "Film .*empty\\.mp4 is empty \\(0 bytes\\): pass a video file\\."),
        new Case("ingest: text file named .mp4", f -> ingest(f, f.dir().resolve("notes.mp4")),
            "Film .*notes\\.mp4 is not a video FFmpeg can read .*: pass a video file .*"),
        new Case("ingest: random bytes", f -> ingest(f, f.dir().resolve("random.mp4")),
            "Film .*random\\.mp4 is not a video FFmpeg can read .*: pass a video file .*"),
        new Case("ingest: audio only", f -> ingest(f, f.dir().resolve("audio-only.mp4")), "Film .*audio-only\\.mp4 has no video stream: .*"),
        new Case("ingest: film id with ../", f -> cmd(f, "ingest", "--film", CLIP.toString(), "--film-id",
            "../escape"), "Film id '\\.\\./escape' is not valid: .*"),
        new Case("train: unknown film id", f -> cmd(f, "train", "--film-id", "nope"), ".*'nope'.*"),
        new Case("reconstruct: unknown film id", f -> cmd(f, "reconstruct", "--film-id", "nope", "--out",
            f.out().toString()), ".*'nope'.*"),
        new Case("evaluate: unknown film id", f -> cmd(f, "evaluate", "--film-id", "nope"), ".*'nope'.*"),
        new Case("reconstruct: film id with ../", f -> cmd(f, "reconstruct", "--film-id", "../city", "--out",
            f.out().toString()), "Film id '\\.\\./city' is not valid: .*"),
        new Case("reconstruct: missing model", f -> cmd(f, "reconstruct", "--film-id", "city", "--model",
            f.dir().resolve("no-model").toString(), "--out", f.out().toString()), ".*does not exist.*"),
        new Case("train: missing --from model", f -> cmd(f, "train", "--film-id", "city", "--from",
            f.dir().resolve("no-model").toUri().toString()), ".*No checkpoint.*"),
        new Case("reconstruct: corrupt checkpoint", f -> cmd(f, "reconstruct", "--film-id", "city", "--model",
            f.dir().resolve("corrupt-model").toString(), "--out", f.out().toString()),
            "The file given as a model is not an autoencoded model checkpoint: .*"),
        new Case("evaluate: corrupt checkpoint", f -> cmd(f, "evaluate", "--film-id", "city", "--model",
            f.dir().resolve("corrupt-model").toString()),
            "The file given as a model is not an autoencoded model checkpoint: .*"),
        new Case("train: corrupt --from checkpoint", f -> cmd(f, "train", "--film-id", "city", "--from",
            f.dir().resolve("corrupt-model").toUri().toString()),
            "The file given as a model is not an autoencoded model checkpoint: .*"),
        new Case("reconstruct: model of another resolution", f -> cmd(f, "reconstruct", "--film-id", "wide",
            "--out", f.out().toString()), "The model .* was trained at 48x32 but film 'wide' is stored at 64x48: .*"),
        new Case("ingest: unknown config key", f -> set(ingest(f, CLIP), "frames.heigth=32"), ".*frames\\.heigth.*"),
        new Case("train: negative latent", f -> set(cmd(f, "train"), "model.latent=-8"), ".*model\\.latent.*"),
        new Case("train: zero batch", f -> set(cmd(f, "train"), "train.batch-size=0"), ".*train\\.batch-size.*"),
        new Case("ingest: height not a multiple of 16", f -> set(ingest(f, CLIP), "frames.height=40"),
            ".*frames\\.height.*16.*"),
        new Case("reconstruct: unwritable --out", f -> cmd(f, "reconstruct", "--film-id", "city", "--out",
            f.dir().resolve("a-file").resolve("film.mp4").toString()), "--out .* cannot be written .*"),
        new Case("reconstruct: --out is a directory", f -> cmd(f, "reconstruct", "--film-id", "city", "--out",
            f.dir().toString()), "--out .* is a directory: .*"),
        new Case("reconstruct: --smooth not a whole number", f -> cmd(f, "reconstruct", "--film-id", "city", "--out",
            f.out().toString(), "--smooth", "1.5"), "--smooth needs a whole number of frames from 0 to 250 .*"),
        new Case("evaluate: smoothing out of range", f -> set(cmd(f, "evaluate", "--film-id", "city"),
            "reconstruct.smoothing=-2"), ".*reconstruct\\.smoothing.*"),
        new Case("ingest: unknown filesystem scheme", f -> storeAt(ingest(f, CLIP), "nosuchfs://host/store"),
            ".*scheme 'nosuchfs'.*"),
        new Case("train: unknown filesystem scheme", f -> storeAt(cmd(f, "train"), "nosuchfs://host/store"),
            ".*scheme 'nosuchfs'.*"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void isRefusedWithOneLineAndChangesNothing(Case c) throws Exception {
    Path outDir = dir.resolve("out-" + c.name().replaceAll("[^A-Za-z0-9]+", "-"));
    Files.createDirectories(outDir);
    CommandLines.Outcome o = CommandLines.run(c.args().apply(new Fixture(dir, storeUri, outDir.resolve("film.mp4"))));
    String last = o.lastErrLine();
    System.out.println("RELIABILITY | " + c.name() + " | exit " + o.status() + " | " + last);
    assertNotEquals(0, o.status(), c.name() + ": " + o.err());
    assertTrue(last.matches(c.lastLine()), c.name() + ": last line was: " + last);
    assertOneSentence(last, o.err());
    assertEquals(before, StoreSnapshot.of(store), c.name() + " changed the store");
    try (Stream<Path> left = Files.list(outDir)) {
      assertEquals(List.of(), left.toList(), c.name() + " left something at --out");
    }
  }

  static Stream<Case> accepted() {
    return Stream.of(
        new Case("ingest: frames smaller than the training size", f -> ingest(f, f.dir().resolve("small.mkv")),
            "Ingested film 'small': 30 frames\\."),
        new Case("ingest: truncated film", f -> ingest(f, f.dir().resolve("truncated.mpg")),
            "Ingested film 'truncated': \\d+ frames\\."),
        new Case("ingest: variable frame rate", f -> ingest(f, f.dir().resolve("variable-rate.mkv")),
            "Ingested film 'variable-rate': 40 frames\\."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void isAcceptedIntoAScratchStore(Case c) throws Exception {
    Path scratch = dir.resolve("scratch-" + c.name().replaceAll("[^A-Za-z0-9]+", "-"));
    List<String> args = storeAt(c.args().apply(new Fixture(dir, storeUri, dir.resolve("unused.mp4"))),
        scratch.toUri().toString());
    CommandLines.Outcome o = CommandLines.run(args);
    String[] outLines = o.out().strip().split("\n");
    String last = outLines[outLines.length - 1];
    System.out.println("RELIABILITY | " + c.name() + " | exit " + o.status() + " | " + last + " | stderr: "
        + (o.err().isBlank() ? "" : o.lastErrLine()));
    assertEquals(0, o.status(), o.err());
    assertTrue(last.matches(c.lastLine()), last);
  }

  @Test
  void anHdfsThatIsDownFailsFastWithOneLine() throws Exception {
    String hdfsStore;
    try (MiniHdfs hdfs = MiniHdfs.start()) {
      hdfsStore = hdfs.store("store");
      hdfs.stopNamenode();
      long t0 = System.nanoTime();
      CommandLines.Outcome o = CommandLines.run(storeAt(cmd(new Fixture(dir, storeUri, dir), "ingest", "--film",
          CLIP.toString()), hdfsStore));
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.println("RELIABILITY | ingest: HDFS down | exit " + o.status() + " | " + o.lastErrLine()
          + " | " + String.format("%.1f s", seconds));
      assertNotEquals(0, o.status());
      assertTrue(o.lastErrLine().matches("The store hdfs://.* cannot be reached \\(\\w+\\): .*"), o.lastErrLine());
      assertOneSentence(o.lastErrLine(), o.err());
    }
    // and where nothing listens at all (connection refused, Hadoop's IPC retries)
    long t0 = System.nanoTime();
    CommandLines.Outcome o = CommandLines.run(storeAt(cmd(new Fixture(dir, storeUri, dir), "ingest", "--film",
        CLIP.toString()), "hdfs://127.0.0.1:1/store"));
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.println("RELIABILITY | ingest: nothing listens at the HDFS address | exit " + o.status() + " | "
        + o.lastErrLine() + " | " + String.format("%.1f s", seconds));
    assertNotEquals(0, o.status());
    assertTrue(o.lastErrLine().matches("The store hdfs://.* cannot be reached \\(\\w+\\): .*"), o.lastErrLine());
  }

  @Test
  void aSecretPassedAsConfigurationIsNeverPrinted() {
    CommandLines.Outcome o = CommandLines.run(storeAt(set(cmd(new Fixture(dir, storeUri, dir), "train",
        "--film-id", "nope"), "spark.conf.spark.hadoop.fs.s3a.secret.key=SECRET123"), "nosuchfs://host/store"));
    assertNotEquals(0, o.status());
    assertFalse(o.out().contains("SECRET123") || o.err().contains("SECRET123"), o.err());
  }

  @Test
  void aFailedReconstructLeavesNoTemporaryFiles() throws Exception {
    List<Path> tempsBefore = temps();
    CommandLines.Outcome o = CommandLines.run(cmd(new Fixture(dir, storeUri, dir), "reconstruct", "--film-id",
        "city", "--model", dir.resolve("corrupt-model").toString(), "--out", dir.resolve("x.mp4").toString()));
    assertNotEquals(0, o.status());
    List<Path> left = new ArrayList<>(temps());
    left.removeAll(tempsBefore);
    assertEquals(List.of(), left, "temporary files left behind");
  }

  /** Our temporaries: in java.io.tmpdir itself, and in this process's scratch directory (segments, audio, ...). */
  private static List<Path> temps() throws Exception {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      all.addAll(s.filter(p -> p.getFileName().toString().startsWith("autoencoded-")).toList());
    }
    try (Stream<Path> s = Files.list(io.autoencoded.job.scratch.ProcessScratch.directory())) {
      all.addAll(s.filter(p -> p.getFileName().toString().matches("(reconstruct|seg|audio|codec-probe)-.*")).toList());
    }
    return all;
  }

  static void assertOneSentence(String last, String err) {
    assertTrue(last.endsWith("."), "not a sentence: " + last);
    assertFalse(last.matches("^[\\w.$]+(Exception|Error)\\b.*") || last.startsWith("\tat "),
        "an exception as message: " + last);
    assertFalse(err.lines().anyMatch(l -> l.matches("\\s+at [\\w.$]+\\(.*\\)")), "a stack trace on stderr:\n" + err);
  }

  private static List<String> ingest(Fixture f, Path film) {
    return cmd(f, "ingest", "--film", film.toString());
  }

  private static List<String> cmd(Fixture f, String... args) {
    List<String> all = new ArrayList<>(CommandLines.with(args));
    all.addAll(List.of("--store", f.store()));
    return all;
  }

  private static List<String> set(List<String> args, String kv) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--set", kv));
    return all;
  }

  /** The same command against another store (the last --store wins). */
  private static List<String> storeAt(List<String> args, String store) {
    List<String> all = new ArrayList<>(args);
    int i = all.lastIndexOf("--store");
    if (i >= 0) {
      all.subList(i, i + 2).clear();
    }
    all.addAll(List.of("--store", store));
    return all;
  }
}
