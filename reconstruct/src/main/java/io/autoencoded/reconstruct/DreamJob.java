package io.autoencoded.reconstruct;

import io.autoencoded.job.config.Settings;
import io.autoencoded.job.report.RunReport;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.train.CheckpointStore;
import io.autoencoded.job.train.TrainPosition;
import io.autoencoded.reconstruct.latent.DreamPath;
import io.autoencoded.reconstruct.model.DriverModel;
import io.autoencoded.reconstruct.model.ModelLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A dream: a smooth random walk through the model's prior ({@link DreamPath}) decoded into a video at the model's
 * frame size. Its frame rate is {@code --fps} when given, else that of the film the model was trained on (the first
 * of its run's films, read from the checkpoint's position.json and the registry), else {@value #DEFAULT_FPS}.
 */
final class DreamJob {
  static final int DEFAULT_FPS = 24;
  /** A fresh prior sample every this many seconds: slow enough to watch one picture turn into the next. */
  static final double SECONDS_PER_SAMPLE = 2.0;

  private DreamJob() {}

  /** A frame rate as the muxer takes it, and where it came from (said on the console). */
  record Rate(int num, int den, String source) {
    static Rate of(double fps, String source) {
      if (Math.abs(fps - Math.rint(fps)) < 1e-9) {
        return new Rate((int) Math.rint(fps), 1, source);
      }
      int num = (int) Math.round(fps * 1000);
      int gcd = java.math.BigInteger.valueOf(num).gcd(java.math.BigInteger.valueOf(1000)).intValue();
      return new Rate(num / gcd, 1000 / gcd, source);
    }
  }

  static LatentVideo run(SparkSession spark, Settings settings, double seconds, long seed, Optional<Double> fps,
      java.nio.file.Path out, Optional<String> modelOption, ModelLoader loader, PrintStream console)
      throws IOException {
    StoreLayout layout = new StoreLayout(settings.store().root());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    FileSystem fs = StoreFileSystem.of(layout, hadoop);
    Dream dream = plan(layout, fs, hadoop, seconds, seed, fps, modelOption, loader);
    console.println(String.format(Locale.ROOT, "dream: seed %d (--seed %d dreams this again), %d/%d fps (%s)", seed,
        seed, dream.rate().num(), dream.rate().den(), dream.rate().source()));
    return LatentVideoJob.write(spark, settings, dream.model(), loader, dream.path(), dream.rate().num(),
        dream.rate().den(), out, "dream seed " + seed, seed, console);
  }

  /** The dream to decode, its rate, and what executors need of the model (the driver's own model is not kept). */
  private record Dream(LatentVideoJob.Model model, DreamPath path, Rate rate) {}

  private static Dream plan(StoreLayout layout, FileSystem fs, Configuration hadoop, double seconds, long seed,
      Optional<Double> fps, Optional<String> modelOption, ModelLoader loader) throws IOException {
    DriverModel model = DriverModel.open(layout, fs, hadoop, modelOption, loader);
    Rate rate = fps.map(f -> Rate.of(f, "--fps")).orElseGet(() -> trainedFilmRate(layout, fs, hadoop,
        model.checkpoint()).orElse(new Rate(DEFAULT_FPS, 1, "the default: the model's film is not known")));
    long frames = SecondsOption.frames(seconds, rate.num(), rate.den());
    int framesPerSample = (int) Math.max(1, Math.round(SECONDS_PER_SAMPLE * rate.num() / rate.den()));
    return new Dream(LatentVideoJob.Model.of(model), DreamPath.of(seed, model.model().latent(), frames,
        framesPerSample), rate);
  }

  /**
   * The frame rate of the film the checkpoint was trained on, when it is a checkpoint of one of this store's runs (the
   * run's position.json names its films, read as training reads it) and that film is registered.
   */
  private static Optional<Rate> trainedFilmRate(StoreLayout layout, FileSystem fs, Configuration hadoop,
      Path checkpoint) {
    try {
      Optional<String> run = new RunReport(fs, layout, System.err).runOf(checkpoint);
      Optional<TrainPosition> position = run.isEmpty() ? Optional.empty()
          : new CheckpointStore(layout, hadoop).newestPosition(run.get());
      List<String> films = position.map(TrainPosition::films).orElse(null);
      FilmRegistry registry = new FilmRegistry(layout, hadoop);
      for (String film : films == null ? List.<String>of() : films) {
        Optional<FilmRecord> record = registry.find(film);
        if (record.isPresent()) {
          return Optional.of(new Rate(record.get().frameRateNum(), record.get().frameRateDen(),
              "the rate of '" + record.get().filmId() + "', the film the model was trained on"));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not this store's training, or unreadable: the default rate, said on the console
    }
    return Optional.empty();
  }
}
