package io.autoencoded.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.deploy.CountingFileSystem.Reads;
import io.autoencoded.ingest.IngestJob;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.config.SettingsLoader;
import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.FrameSchema;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.train.EpochShards;
import io.autoencoded.job.train.FramePermutation;
import io.autoencoded.job.train.FrameSource;
import io.autoencoded.job.train.RoundPlan;
import io.autoencoded.job.train.TrainTuning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store with 50 films (issue #15, part 5), made here: 50 tiny generated films of 2 to 10 frames, ingested into a
 * store on {@link CountingFileSystem}, which records which files every command opens and how much it reads. Then,
 * in order, as a user would: {@code films} lists them from the registry alone; {@code train} with no --film-id
 * trains on all of them, every frame once per epoch (films weigh by their frames); {@code retrain} takes a 51st
 * film from an inbox that also holds the 50 already ingested without opening those; {@code reconstruct} of one film
 * reads that film's files and no other film's. Each command's reading is printed by store area (the figures of
 * docs/PERFORMANCE.md, "Many films"). With {@code -Dmanyfilms.dir=DIR} the films and the store are made in DIR and
 * kept, for measuring the launcher on them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManyFilmsTest {
  static final int FILMS = 50;
  static final String ONE = "film07";
  static final String NEW = "film50";

  @TempDir static Path temp;
  static Path sources;
  static Path store;
  static String storeUri;
  static StoreLayout layout;

  /** Film {@code i} has 2 + (i mod 9) frames: lengths differ, so weighting by film and by frame differ. */
  static int framesOf(int film) {
    return 2 + film % 9;
  }

  static String idOf(int film) {
    return String.format(Locale.ROOT, "film%02d", film);
  }

  @BeforeAll
  static void makeAndIngestFilms() throws Exception {
    Path base = System.getProperty("manyfilms.dir") == null ? temp
        : Files.createDirectories(Path.of(System.getProperty("manyfilms.dir")));
    sources = Files.createDirectories(base.resolve("films"));
    store = base.resolve("store").toAbsolutePath().normalize();
    storeUri = CountingFileSystem.uriOf(store);
    layout = new StoreLayout(storeUri);
    Settings settings = SettingsLoader.load(List.of(), Map.of("store.root", storeUri, "frames.height", "32",
        "frames.width", "48"));
    SparkSession spark = SparkSessions.open("local[2]", settings, "many films");
    try {
      for (int i = 0; i < FILMS; i++) {
        // a plain path: the ingest of the 50 is not what is measured (retrain reads its inbox through the counter)
        Path film = ShortFilms.make(sources.resolve(idOf(i) + ".mkv"), i, framesOf(i));
        IngestJob.run(spark, settings, film.toString(), idOf(i), false);
      }
    } finally {
      spark.stop();
    }
  }

  @Test
  @Order(1)
  void filmsListsEveryFilmFromTheRegistryAloneOpeningEachEntryOnce() throws Exception {
    CountingFileSystem.reset();
    CommandLines.Outcome films = CommandLines.run(List.of("films", "--store", storeUri));
    Map<String, Reads> reads = CountingFileSystem.reads();
    report("films", reads);

    assertEquals(0, films.status(), films.err());
    for (int i = 0; i < FILMS; i++) {
      String id = idOf(i);
      String frames = " " + framesOf(i) + " ";
      assertTrue(films.out().lines().anyMatch(l -> l.startsWith(id + " ") && l.contains(frames)),
          id + " is listed with its frame count: " + films.out());
    }
    assertEquals(Map.of("registry", FILMS), filesReadByArea(reads),
        "films opens each registry entry and nothing else (no frames, audio or shots): " + reads.keySet());
    assertTrue(reads.values().stream().allMatch(r -> r.opens() == 1), "each entry is opened once: " + reads);
  }

  @Test
  @Order(2)
  void trainWithoutFilmIdsTrainsOnEveryFrameOfEveryFilmOncePerEpoch() throws Exception {
    Configuration hadoop = new Configuration();
    List<FilmRecord> registered = new FilmRegistry(layout, hadoop).list();
    long total = IntStream.range(0, FILMS).mapToLong(ManyFilmsTest::framesOf).sum();
    assertEquals(total, registered.stream().mapToLong(FilmRecord::frameCount).sum(), "every frame was ingested");

    CountingFileSystem.reset();
    CommandLines.Outcome train = CommandLines.run(withoutProbe("train", "--store", storeUri));
    Map<String, Reads> reads = CountingFileSystem.reads();
    report("train", reads);
    assertEquals(0, train.status(), train.err());
    List<String> all = IntStream.range(0, FILMS).mapToObj(ManyFilmsTest::idOf).toList();
    assertTrue(train.err().contains("on " + all + ": " + total + " frames"), train.err());
    for (String id : all) {
      assertTrue(reads.keySet().stream().anyMatch(p -> p.contains("/frames/film_id=" + id + "/")),
          "the frames of " + id + " were read");
    }
    // the training's own accounting: one epoch (CommandLines.SMALL) saw each frame once, not each film equally
    List<TrainedModels.Run> runs = TrainedModels.list(StoreFileSystem.of(layout, hadoop), layout);
    assertEquals(1, runs.size(), runs.toString());
    assertEquals(all, runs.get(0).position().films());
    assertEquals(1, runs.get(0).position().epochsDone());
    assertEquals(total, runs.get(0).position().framesSeen(), "frames seen in the epoch");

    // and which frames: the epoch's shards, as the run cut them, hold every stored frame exactly once
    Settings settings = SettingsLoader.load(List.of(), smallSettings());
    SparkSession spark = SparkSessions.open("local[2]", settings, "many films: an epoch's frames");
    try {
      long t0 = System.nanoTime();
      FrameSource source = FrameSource.open(spark, layout, List.of(), ModelSpec.from(settings));
      System.out.printf(Locale.ROOT, "many films: the frame source of %d films opened in %.1f s%n", FILMS,
          (System.nanoTime() - t0) / 1e9);
      assertEquals(all, source.films());
      assertEquals(total, source.total());
      RoundPlan plan = new RoundPlan(source.total(), settings.train().workers(), settings.train().batchSize(),
          settings.train().averagingFrequency());
      EpochShards epoch = EpochShards.of(source, plan,
          FramePermutation.epochSeed(TrainTuning.from(settings).seed(), 0));
      Map<String, Long> seen = new TreeMap<>();
      for (int round = 0; round < plan.rounds(); round++) {
        for (byte[] pixels : epoch.round(round).collect()) {
          seen.merge(digest(pixels), 1L, Long::sum);
        }
      }
      Map<String, String> filmOfFrame = new TreeMap<>();
      Map<String, Long> stored = new TreeMap<>();
      for (Row r : spark.read().parquet(layout.frames().toString())
          .select("film_id", FrameSchema.PIXELS).collectAsList()) {
        String d = digest((byte[]) r.get(1));
        stored.merge(d, 1L, Long::sum);
        filmOfFrame.put(d, r.getString(0));
      }
      assertEquals(total, stored.size(), "every stored frame is a different picture");
      assertEquals(stored, seen, "the epoch holds every stored frame exactly once");
      Map<String, Long> perFilm = seen.keySet().stream()
          .collect(Collectors.groupingBy(filmOfFrame::get, TreeMap::new, Collectors.counting()));
      for (int i = 0; i < FILMS; i++) {
        assertEquals(framesOf(i), perFilm.get(idOf(i)), "frames of " + idOf(i) + " in the epoch");
      }
    } finally {
      spark.stop();
    }
  }

  @Test
  @Order(3)
  void retrainTakesTheNewFilmWithoutOpeningTheFilmsAlreadyIngested() throws Exception {
    Path newFilm = ShortFilms.make(sources.resolve(NEW + ".mkv"), FILMS, 13);
    Map<String, String> before = snapshot(store, id -> !id.equals(NEW));

    CountingFileSystem.reset();
    CommandLines.Outcome retrain = CommandLines.run(withoutProbe("retrain", "--inbox",
        CountingFileSystem.uriOf(sources), "--store", storeUri));
    Map<String, Reads> reads = CountingFileSystem.reads();
    report("retrain", reads);
    assertEquals(0, retrain.status(), retrain.err());
    assertTrue(retrain.out().contains("retrain: 1 new film(s)"), retrain.out());
    assertTrue(retrain.out().contains("\"ingested\":[\"" + NEW + "\"]"), retrain.out());
    assertTrue(retrain.out().contains("warm-starting from"), retrain.out());

    // the inbox: only the new film was read (checksum, copy for FFmpeg); the 50 others were not opened
    String inbox = sources.toAbsolutePath().normalize().toString() + "/";
    List<String> inboxRead = reads.keySet().stream().filter(p -> p.startsWith(inbox)).toList();
    assertEquals(List.of(newFilm.toAbsolutePath().normalize().toString()), inboxRead);
    // nothing of the films already in the store was rewritten (frames, registry, audio, shots, reconstructions)
    assertEquals(before, snapshot(store, id -> !id.equals(NEW)));
    // only the new film was reconstructed
    try (Stream<Path> s = Files.list(store.resolve("reconstructions"))) {
      assertEquals(List.of(NEW), s.map(p -> p.getFileName().toString()).toList());
    }
    // by design (CONTRACT: "warm-start training from the latest model") the warm start trains on every film, so
    // the old films' stored frames are training input, read once for the check and once per epoch
    assertTrue(retrain.out().contains("training on " + (FILMS + 1) + " film(s)"), retrain.out());
  }

  @Test
  @Order(4)
  void reconstructingOneFilmReadsOnlyThatFilmsFiles() throws Exception {
    Path out = temp.resolve(ONE + ".mp4");
    CountingFileSystem.reset();
    CommandLines.Outcome reconstruct = CommandLines.run(CommandLines.with("reconstruct", "--film-id", ONE,
        "--out", out.toString(), "--store", storeUri));
    Map<String, Reads> reads = CountingFileSystem.reads();
    report("reconstruct " + ONE, reads);
    assertEquals(0, reconstruct.status(), reconstruct.err());
    assertTrue(Files.size(out) > 0);

    // Of other films it reads only their quality summaries, to redraw the training report of the model's run (the
    // page lists every film measured with that run: here the film retrain reconstructed); none of their data
    List<String> otherFilms = reads.keySet().stream().filter(p -> filmOf(p) != null && !filmOf(p).equals(ONE))
        .toList();
    assertEquals(List.of(store.resolve("reconstructions/" + NEW + "/report/quality.json").toString()), otherFilms,
        "files of other films read by reconstruct " + ONE);
    List<String> frames = reads.keySet().stream().filter(p -> p.contains("/frames/")).toList();
    assertFalse(frames.isEmpty(), "reconstruct read the film's frames");
    assertTrue(frames.stream().allMatch(p -> p.contains("/frames/film_id=" + ONE + "/")), frames.toString());
  }

  @Test
  @Order(5)
  void filmsWithRunsReadsTheRegistryAndOneSmallFilePerRunAndKeepsEachRunToOneLine() throws Exception {
    CountingFileSystem.reset();
    CommandLines.Outcome films = CommandLines.run(List.of("films", "--store", storeUri));
    Map<String, Reads> reads = CountingFileSystem.reads();
    report("films, with 51 films and 2 runs", reads);
    assertEquals(0, films.status(), films.err());
    assertEquals(Map.of("registry", FILMS + 1, "models", 2), filesReadByArea(reads),
        "the registry and each run's newest position, nothing of the films' data: " + reads.keySet());
    List<String> runs = films.out().lines().dropWhile(l -> !l.startsWith("RUN ")).skip(1).toList();
    assertEquals(2, runs.size(), films.out());
    assertTrue(runs.get(0).contains(" 50 films: film00 .. film49 "), runs.get(0));
    assertTrue(runs.get(1).contains(" 51 films: film00 .. " + NEW + " "), runs.get(1));
  }

  /** A command with CommandLines.SMALL and no timing probe (what a run costs is not what these tests are about). */
  private static List<String> withoutProbe(String... args) {
    List<String> all = new ArrayList<>(CommandLines.with(args));
    all.addAll(List.of("--set", "train.probe-minibatches=0"));
    return all;
  }

  /** The settings the commands above run with (CommandLines.SMALL), as a map. */
  private static Map<String, String> smallSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("store.root", storeUri);
    List<String> args = CommandLines.SMALL;
    for (int i = 0; i + 1 < args.size(); i += 2) {
      String[] kv = args.get(i + 1).split("=", 2);
      s.put(kv[0], kv[1]);
    }
    return s;
  }

  /** The film a stored file belongs to (by the store layout), or null for a file of no one film (a model). */
  private static String filmOf(String path) {
    String rel = relative(path);
    if (rel == null) {
      return null;
    }
    String[] parts = rel.split("/");
    if (parts.length < 2) {
      return null;
    }
    return switch (parts[0]) {
      case "frames", "latents" -> parts[1].startsWith("film_id=") ? parts[1].substring("film_id=".length()) : null;
      case "registry", "shots", "audio" -> parts[1].contains(".") ? parts[1].substring(0, parts[1].indexOf('.'))
          : null;
      case "reconstructions" -> parts[1];
      default -> null;
    };
  }

  private static String relative(String path) {
    String root = store.toAbsolutePath().normalize().toString() + "/";
    return path.startsWith(root) ? path.substring(root.length()) : null;
  }

  /** Distinct files read, by the store's top-level directory (the inbox and other places apart). */
  private static Map<String, Integer> filesReadByArea(Map<String, Reads> reads) {
    Map<String, Integer> out = new TreeMap<>();
    reads.keySet().forEach(p -> out.merge(areaOf(p), 1, Integer::sum));
    return out;
  }

  private static String areaOf(String path) {
    String rel = relative(path);
    if (rel == null) {
      return path.startsWith(sources.toAbsolutePath().normalize() + "/") ? "(inbox)" : "(elsewhere)";
    }
    String top = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : rel;
    String film = filmOf(path);
    return top.equals("frames") && film != null
        ? "frames/film_id=" + (film.equals(ONE) || film.equals(NEW) ? film : "others") : top;
  }

  /** Prints a command's reading by store area: files, opens, bytes (the figures of docs/PERFORMANCE.md). */
  private static void report(String command, Map<String, Reads> reads) {
    Map<String, long[]> byArea = new TreeMap<>();
    reads.forEach((p, r) -> {
      long[] a = byArea.computeIfAbsent(areaOf(p), k -> new long[4]);
      a[0]++;
      a[1] += r.opens();
      a[2] += r.bytes();
      a[3] += sizeOf(Path.of(p)); // 0 for a file gone since (staging)
    });
    StringBuilder s = new StringBuilder("many films, " + command + " read:\n");
    byArea.forEach((area, a) -> s.append(String.format(Locale.ROOT,
        "  %-26s %5d files %6d opens %12d bytes of files holding %12d%n", area, a[0], a[1], a[2], a[3])));
    System.out.print(s);
  }

  /** Every stored file of the films {@code keep} selects, with its size and modification time. */
  private static Map<String, String> snapshot(Path root, java.util.function.Predicate<String> keep)
      throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String film = filmOf(p.toAbsolutePath().normalize().toString());
        if (film != null && keep.test(film)) {
          out.put(root.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
        }
      }
    }
    return out;
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  private static String digest(byte[] pixels) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pixels));
  }
}
