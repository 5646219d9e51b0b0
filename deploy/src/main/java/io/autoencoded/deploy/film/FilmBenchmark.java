package io.autoencoded.deploy.film;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoencoded.ingest.IngestJob;
import io.autoencoded.ingest.IngestResult;
import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.config.SettingsLoader;
import io.autoencoded.job.model.CpuInfo;
import io.autoencoded.job.scratch.ProcessScratch;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.train.ModelFactory;
import io.autoencoded.job.train.RoundPlan;
import io.autoencoded.job.train.TrainJob;
import io.autoencoded.job.train.TrainResult;
import io.autoencoded.job.train.VaeGanReplica;
import io.autoencoded.reconstruct.ReconstructJob;
import io.autoencoded.reconstruct.ReconstructOptions;
import io.autoencoded.reconstruct.ReconstructResult;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code autoencoded bench film --minutes M}: a whole feature-length film through every stage, measured. Generates a
 * film of M minutes ({@link GeneratedFilm}: 1280×720 H.264 at 24 fps, AAC, a hard cut every few seconds), ingests
 * it, trains one epoch with a narrow model, reconstructs every frame into a video muxed with the film's sound
 * (measuring each frame, the evaluation's figures, in the same pass), then checks the result: every frame once and
 * evenly timed at 24 fps, the sound ending within one frame of the picture, one latent row per frame.
 *
 * <p>Per stage it gives the wall time, frames/s, the peaks {@link StageMeter} saw (resident set, JavaCPP's and the
 * JVM's off-heap memory, heap, Spark's local directories) and the store's bytes and files after it. The last stdout
 * line is JSON; {@code --record FILE} also appends it to FILE and redraws FILE's {@link MemoryChart} beside it, so
 * runs at several lengths make the memory-against-length picture.
 *
 * <p>Training: an epoch of a two-hour film at the training size does not fit a small machine's time, so by default
 * each replica trains the first minibatch of each round and reads the others ({@link BoundedStepsFactory}): the
 * epoch's whole data path with a bounded number of model steps. {@code --train-steps-per-round 0} trains them all.
 * The JSON says which.
 */
public final class FilmBenchmark implements Command {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String FILM_ID = "film";

  /** Under the user's --conf and --set: a narrow model at the training size, one epoch, long rounds. */
  private static final Map<String, String> DEFAULTS = Map.of(
      "model.filters", "8",
      "model.latent", "32",
      "train.epochs", "1",
      "train.averaging-frequency", "50");

  @Override
  public String name() {
    return "film";
  }

  @Override
  public String summary() {
    return "a generated feature film through ingest, train, reconstruct: --minutes M [--width W --height H] "
        + "[--train-steps-per-round K] [--record FILE.jsonl]; last line JSON per stage (wall, frames/s, peak memory, disk)";
  }

  @Override
  public Set<String> options() {
    return Set.of("minutes", "width", "height", "shot-seconds", "train-steps-per-round", "record", "work");
  }

  @Override
  public Set<String> flags() {
    return Set.of("keep");
  }

  @Override
  public int run(Invocation inv) throws Exception {
    long started = System.nanoTime();
    double minutes = inv.positiveNumber("minutes").orElseThrow(() -> new UserException(
        "bench film needs --minutes M, the length of the film to generate: e.g. --minutes 15 (120 for a feature)."));
    int width = inv.positiveInt("width", 1280);
    int height = inv.positiveInt("height", 720);
    double shotSeconds = inv.positiveNumber("shot-seconds").orElse(5);
    int stepsPerRound = nonNegative(inv, "train-steps-per-round", 1);
    Optional<Path> record = inv.option("record").map(Path::of);
    boolean ownWork = inv.option("work").isEmpty();
    Path work = ownWork ? ProcessScratch.newDirectory("bench-film-") : Files.createDirectories(Path.of(inv.required(
        "work")).toAbsolutePath());
    String loadBefore = loadAverage();
    try {
      Settings settings = settings(inv, work);
      System.out.println(String.format(Locale.ROOT, "[1/4] generate %s min of %dx%d H.264 + AAC at 24 fps in %s",
          minutes, width, height, work));
      GeneratedFilm film = GeneratedFilm.write(work.resolve("source"), minutes, width, height, shotSeconds);
      System.out.println(String.format(Locale.ROOT, "      %d frames, %d shots, %.1f s", film.frames(), film.shots(),
          film.seconds()));
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("bench", "film");
      figures.put("minutes", minutes);
      figures.put("frames", film.frames());
      figures.put("source", width + "x" + height + " h264+aac 24 fps, " + film.shots() + " shots");
      figures.put("generate_s", Math.round(film.seconds() * 1000) / 1000.0);
      SparkSession spark = SparkSessions.open(inv, settings, "bench film");
      try {
        measure(spark, settings, film, stepsPerRound, work, figures);
      } finally {
        spark.stop();
      }
      figures.put("memory_note", inv.isLocal()
          ? "local mode: the executors are threads of the driver JVM, so peak_rss_mb is driver and executors together"
          : "cluster mode: peaks are the driver's only; executors' memory is in Spark's UI and event log");
      figures.put("master", inv.master());
      figures.put("cpu", CpuInfo.current().model());
      figures.put("cpu_vector_flags", CpuInfo.current().vectorFlags());
      // glibc's arena cap shapes the resident set outside the heap (the launcher sets 2; docs/PERFORMANCE.md)
      figures.put("malloc_arena_max", System.getenv().getOrDefault("MALLOC_ARENA_MAX", "unset"));
      figures.put("load_average_before", loadBefore);
      figures.put("load_average_after", loadAverage());
      figures.put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1e3);
      String line = JSON.writeValueAsString(figures);
      if (record.isPresent()) {
        Path file = record.get().toAbsolutePath();
        Files.createDirectories(file.getParent());
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        Path png = file.resolveSibling(stem(file) + ".png");
        MemoryChart.draw(file, png);
        System.out.println("recorded in " + file + ", memory against length drawn in " + png);
      }
      System.out.println(line);
      if (!Boolean.TRUE.equals(figures.get("exact"))) {
        System.err.println("bench film: the reconstruction is not exact (" + figures.get("checks") + "): a frame is "
            + "missing, doubled or mistimed, the sound is out of sync or the latents are not one row per frame; this is a "
            + "bug to report with the JSON line above.");
        return 1;
      }
      return 0;
    } finally {
      if (ownWork && !inv.flag("keep")) {
        deleteTree(work);
      }
    }
  }

  private static void measure(SparkSession spark, Settings settings, GeneratedFilm film, int stepsPerRound, Path work,
      Map<String, Object> figures) throws Exception {
    StoreLayout layout = new StoreLayout(settings.store().root());
    FileSystem fs = StoreFileSystem.of(layout, spark.sparkContext().hadoopConfiguration());
    Map<String, Object> stages = new LinkedHashMap<>();

    System.out.println("[2/4] ingest at " + settings.frames().width() + "x" + settings.frames().height());
    StageMeter meter = StageMeter.start("ingest", FilmBenchmark::sparkLocalDirs);
    IngestResult ingested = IngestJob.run(spark, settings, film.file().toString(), FILM_ID, false);
    stages.put("ingest", withStore(meter.stop(ingested.frames()).json(), fs, layout));

    RoundPlan plan = new RoundPlan(ingested.frames(), settings.train().workers(), settings.train().batchSize(),
        settings.train().averagingFrequency());
    ModelFactory factory = stepsPerRound == 0 ? VaeGanReplica.Factory.INSTANCE
        : new BoundedStepsFactory(VaeGanReplica.Factory.INSTANCE, stepsPerRound);
    System.out.println(String.format(Locale.ROOT, "[3/4] train one epoch, %d filters, latent %d: %d rounds of %d "
            + "replica(s) x %d minibatches of %d, %s", settings.model().filters(), settings.model().latent(),
        plan.rounds(), plan.workers(), plan.averagingFrequency(), plan.batchSize(), stepsPerRound == 0
            ? "every minibatch trained" : stepsPerRound + " trained per replica per round, the rest read only"));
    meter = StageMeter.start("train", FilmBenchmark::sparkLocalDirs);
    TrainResult trained = TrainJob.run(spark, settings, List.of(FILM_ID), OptionalInt.of(1), Optional.empty(),
        OptionalDouble.empty(), factory, System.err);
    Map<String, Object> train = withStore(meter.stop(trained.framesTrained()).json(), fs, layout);
    long steps = stepsPerRound == 0 ? plan.rounds() * (long) plan.workers() * plan.averagingFrequency()
        : Math.min(plan.rounds() * (long) plan.workers() * stepsPerRound,
            (ingested.frames() + plan.batchSize() - 1) / plan.batchSize());
    train.put("frames_read", trained.framesTrained());
    train.put("model_steps", steps);
    train.put("training", stepsPerRound == 0 ? "full epoch: every frame trained once"
        : "whole epoch data path (shuffle, round shards, every frame read once) with " + stepsPerRound
            + " model step(s) per replica per round");
    stages.put("train", train);

    System.out.println("[4/4] reconstruct every frame, mux with the sound, measure every frame");
    Path out = work.resolve("reconstruction.mp4");
    meter = StageMeter.start("reconstruct", FilmBenchmark::sparkLocalDirs);
    ReconstructResult result = ReconstructJob.run(spark, settings, FILM_ID,
        ReconstructOptions.video(Optional.ofNullable(trained.checkpointUri()), out));
    Map<String, Object> reconstruct = withStore(meter.stop(result.frames()).json(), fs, layout);
    reconstruct.put("job_s", result.jobSeconds());
    // summed over tasks: where the map-only job's time goes (two tasks at once on local[2])
    reconstruct.put("task_model_s", result.modelSeconds());
    reconstruct.put("task_read_s", result.readSeconds());
    reconstruct.put("task_quality_latents_video_s", result.writeSeconds());
    reconstruct.put("mux_s", result.muxSeconds());
    reconstruct.put("segments", result.segments());
    reconstruct.put("psnr", finite(result.quality().psnr()));
    reconstruct.put("ssim", finite(result.quality().meanSsim()));
    reconstruct.put("includes", "the evaluation: mean frame, shots, per-frame PSNR/SSIM, flicker, report");
    stages.put("reconstruct", reconstruct);
    figures.put("stages", stages);

    OutputTiming source = OutputTiming.of(film.file());
    OutputTiming timing = OutputTiming.of(out);
    Dataset<Row> latents = spark.read().parquet(layout.latentsOf(FILM_ID).toString());
    Row l = latents.agg(functions.count(functions.lit(1)), functions.countDistinct("frame_index"),
        functions.min("frame_index"), functions.max("frame_index")).first();
    double frame = 1.0 / GeneratedFilm.FPS;
    boolean framesExact = timing.videoFrames() == film.frames() && timing.evenlySpaced()
        && Math.abs(timing.framesPerSecond() - GeneratedFilm.FPS) < 1e-3;
    boolean inSync = Math.abs(timing.audioEndOffsetSeconds()) <= frame
        && Math.abs(timing.audioStartSeconds() - timing.videoStartSeconds()) <= frame;
    boolean latentsExact = l.getLong(0) == film.frames() && l.getLong(1) == film.frames() && l.getLong(2) == 0
        && l.getLong(3) == film.frames() - 1;
    Map<String, Object> checks = new LinkedHashMap<>();
    checks.put("source", source.json());
    checks.put("reconstruction", timing.json());
    checks.put("latent_rows", l.getLong(0));
    checks.put("latent_distinct_frame_index", l.getLong(1));
    checks.put("frames_exact", framesExact);
    checks.put("audio_in_sync", inSync);
    checks.put("latents_exact", latentsExact);
    figures.put("checks", checks);
    figures.put("exact", framesExact && inSync && latentsExact);
    figures.put("store", settings.store().root());
    figures.put("frames_size", settings.frames().width() + "x" + settings.frames().height());
    figures.put("filters", settings.model().filters());
    figures.put("latent", settings.model().latent());
    figures.put("batch_size", settings.train().batchSize());
    figures.put("workers", settings.train().workers());
    figures.put("averaging_frequency", settings.train().averagingFrequency());
    figures.put("train_steps_per_round", stepsPerRound);
  }

  /** The stage's figures with the store's size and file count after it. */
  private static Map<String, Object> withStore(Map<String, Object> stage, FileSystem fs, StoreLayout layout)
      throws IOException {
    ContentSummary store = fs.getContentSummary(layout.rootPath());
    stage.put("store_mb", StageFigures.mb(store.getLength()));
    stage.put("store_files", store.getFileCount());
    return stage;
  }

  /** This JVM's Spark block-manager directories (shuffle and spilled blocks); none before Spark made them. */
  static List<Path> sparkLocalDirs() {
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      return List.of();
    }
    return Arrays.stream(env.blockManager().diskBlockManager().localDirs()).map(File::toPath).toList();
  }

  private static Settings settings(Invocation inv, Path work) {
    Map<String, String> sets = new LinkedHashMap<>(DEFAULTS);
    sets.put("store.root", work.resolve("store").toUri().toString());
    for (String kv : inv.all("set")) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new UserException("--set needs KEY=VALUE, got '" + kv + "': write it as --set model.filters=8.");
      }
      sets.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    inv.option("store").ifPresent(s -> sets.put("store.root", s));
    List<Path> confs = new ArrayList<>();
    inv.all("conf").forEach(c -> confs.add(Path.of(c)));
    return SettingsLoader.load(confs, sets);
  }

  private static int nonNegative(Invocation inv, String name, int fallback) {
    Optional<String> v = inv.option(name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // said below
    }
    throw new UserException("--" + name + " must be a whole number, 0 or more, got '" + v.get() + "'.");
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("warning: " + root + " was not removed completely (" + e.getMessage() + ")");
    }
  }
}
