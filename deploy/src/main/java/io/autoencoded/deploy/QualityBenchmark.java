package io.autoencoded.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.autoencoded.ingest.IngestJob;
import io.autoencoded.ingest.IngestResult;
import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.scratch.ProcessScratch;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.train.TrainJob;
import io.autoencoded.job.train.TrainResult;
import io.autoencoded.reconstruct.ReconstructJob;
import io.autoencoded.reconstruct.ReconstructOptions;
import io.autoencoded.reconstruct.ReconstructResult;
import io.autoencoded.reconstruct.ReconstructSettings;
import io.autoencoded.reconstruct.quality.QualitySummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * {@code autoencoded bench quality --film PATH [--epochs N] [--film-id ID] [--store URI] [--out FILE.mp4]}: what
 * the configured model learns of one film, measured against the film's mean frame. Ingests the film, trains with
 * the configured settings (--epochs over train.epochs) and evaluates every frame (with --out, through the
 * reconstruct job, which also writes the video). The last stdout line is JSON with the quality figures, the
 * training time and the settings that produced them, so that runs with different settings compare line by line.
 *
 * <p>Without --store the film goes into a store of its own in this process's scratch directory, removed at the
 * end (a killed run's goes with the scratch directory): a benchmark leaves no film behind. The report then cannot
 * stay in that store; it is kept beside --out, or else copied to a directory of its own in java.io.tmpdir.
 */
public final class QualityBenchmark implements Command {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "quality";
  }

  @Override
  public String summary() {
    return "measure what the configured model learns of a film: --film PATH [--epochs N] [--out FILE.mp4]; "
        + "last line JSON with psnr, mean_frame_psnr, sharpness_ratio, train_s";
  }

  @Override
  public Set<String> options() {
    return Set.of("film", "film-id", "epochs", "out");
  }

  @Override
  public int run(Invocation invocation) throws Exception {
    long started = System.nanoTime();
    String film = invocation.required("film");
    OptionalInt epochs = invocation.positiveInt("epochs");
    Optional<Path> out = invocation.option("out").map(Path::of);
    Settings configured = invocation.settings();
    ReconstructSettings.from(configured.config()); // a bad reconstruct key fails now, not after the training
    Path ownStore = invocation.option("store").isPresent() ? null : ProcessScratch.newDirectory("bench-quality-store-");
    try {
      Settings settings = ownStore == null ? configured : withStore(configured, ownStore.toUri().toString());
      SparkSession spark = SparkSessions.open(invocation, settings, "bench quality");
      Map<String, Object> figures;
      try {
        figures = measure(spark, settings, film, invocation.option("film-id").orElse(null), epochs, out,
            ownStore != null);
      } finally {
        spark.stop();
      }
      figures.put("seconds", seconds(started));
      figures.put("master", invocation.master());
      System.out.println(JSON.writeValueAsString(figures));
      return 0;
    } finally {
      if (ownStore != null) {
        deleteTree(ownStore);
      }
    }
  }

  private static Map<String, Object> measure(SparkSession spark, Settings settings, String film, String filmId,
      OptionalInt epochs, Optional<Path> out, boolean storeIsTemporary) throws IOException {
    System.out.println("[1/3] ingest " + film);
    IngestResult ingested = IngestJob.run(spark, settings, film, filmId, false);
    System.out.println(ingested.noOp()
        ? "      already in the store (" + ingested.frames() + " frames)"
        : "      " + ingested.frames() + " frames");
    System.out.println("[2/3] train on '" + ingested.filmId() + "'");
    long trainStarted = System.nanoTime();
    TrainResult trained = TrainJob.run(spark, settings, List.of(ingested.filmId()), epochs, Optional.empty());
    double trainSeconds = seconds(trainStarted);
    System.out.println("      model: " + trained.checkpointUri());
    System.out.println("[3/3] evaluate '" + ingested.filmId() + "'" + out.map(o -> ", video to " + o).orElse(""));
    Optional<String> model = Optional.ofNullable(trained.checkpointUri());
    ReconstructOptions options = out.map(o -> ReconstructOptions.video(model, o))
        .orElseGet(() -> ReconstructOptions.evaluation(model));
    ReconstructResult result = ReconstructJob.run(spark, settings, ingested.filmId(), options);
    String report = result.report().orElseThrow();
    if (storeIsTemporary && out.isEmpty()) {
      report = keepReport(report, ingested.filmId());
    }
    System.out.println("Quality report: " + report);
    return figures(settings, film, ingested, trained, trainSeconds, result, report);
  }

  private static Map<String, Object> figures(Settings settings, String film, IngestResult ingested,
      TrainResult trained, double trainSeconds, ReconstructResult result, String report) {
    QualitySummary q = result.quality();
    Config config = settings.config();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("bench", "quality");
    f.put("film", film);
    f.put("film_id", ingested.filmId());
    f.put("frames", result.frames());
    f.put("psnr", number(q.psnr()));
    f.put("ssim", number(q.meanSsim()));
    f.put("min_psnr", number(q.minPsnr()));
    f.put("min_ssim", number(q.minSsim()));
    f.put("mean_frame_psnr", number(q.meanFramePsnr()));
    f.put("mean_frame_ssim", number(q.meanFrameSsim()));
    f.put("psnr_margin_db", number(q.psnrMargin()));
    f.put("sharpness_ratio", number(q.sharpnessRatio()));
    f.put("train_s", trainSeconds);
    f.put("frames_trained", trained.framesTrained());
    f.put("train_frames_per_s", number(trained.framesPerSecond()));
    f.put("evaluate_s", result.jobSeconds());
    f.put("epochs", trained.epochs());
    f.put("height", settings.frames().height());
    f.put("width", settings.frames().width());
    f.put("filters", settings.model().filters());
    f.put("latent", settings.model().latent());
    f.put("gamma", settings.model().gamma());
    f.put("gan_weight", config.getDouble("model.gan-weight"));
    f.put("pixel_weight", config.getDouble("model.pixel-weight"));
    f.put("beta1", config.getDouble("model.beta1"));
    f.put("upsampling", config.getString("model.upsampling"));
    f.put("discriminator_batches", config.getString("model.discriminator-batches"));
    f.put("learning_rate", settings.train().learningRate());
    f.put("batch_size", settings.train().batchSize());
    f.put("workers", settings.train().workers());
    f.put("averaging_frequency", settings.train().averagingFrequency());
    f.put("model", result.checkpoint());
    f.put("report", report);
    f.put("out", result.out().map(Path::toString).orElse(null));
    return f;
  }

  /** The settings with the store moved to {@code root} (everything else as given, already validated). */
  private static Settings withStore(Settings settings, String root) {
    return Settings.from(settings.config().withValue("store.root", ConfigValueFactory.fromAnyRef(root)));
  }

  /** Copies the report directory out of the temporary store, which is about to go; returns the copy's HTML file. */
  private static String keepReport(String storeReport, String filmId) throws IOException {
    Path html = Path.of(new org.apache.hadoop.fs.Path(storeReport).toUri());
    Path kept = Files.createTempDirectory("autoencoded-bench-quality-" + filmId + "-");
    try (Stream<Path> files = Files.list(html.getParent())) {
      for (Path file : files.toList()) {
        Files.copy(file, kept.resolve(file.getFileName()));
      }
    }
    return kept.resolve(html.getFileName()).toString();
  }

  /** JSON has no infinity (a perfect PSNR) nor NaN (a ratio of nothing): those are null. */
  private static Double number(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static double seconds(long since) {
    return Math.round((System.nanoTime() - since) / 1e6) / 1e3;
  }

  /**
   * Removes the temporary store. Quietly: a failure here must not hide the run's own failure, and what is left
   * goes with the process's scratch directory.
   */
  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("warning: the temporary store " + root + " was not removed completely (" + e.getMessage()
          + "); it goes with the process's scratch directory");
    }
  }
}
