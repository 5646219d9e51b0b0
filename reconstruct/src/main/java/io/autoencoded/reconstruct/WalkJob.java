package io.autoencoded.reconstruct;

import io.autoencoded.job.config.Settings;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.reconstruct.latent.FilmFrame;
import io.autoencoded.reconstruct.latent.WalkPath;
import io.autoencoded.reconstruct.model.BatchReconstructor;
import io.autoencoded.reconstruct.model.DriverModel;
import io.autoencoded.reconstruct.model.ModelLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

/**
 * A walk through latent space from one frame to another: both frames are encoded with the model (their latent means,
 * as the latents table holds them when the film was reconstructed with the same model; encoding them here means any
 * model can walk any two stored frames, and a walk never decodes codes made by another model), then the great circle
 * between the two codes ({@link WalkPath}) is decoded into a video at the first film's frame rate and size
 * ({@link LatentVideoJob}). Its first frame is the reconstruction of the one frame, its last that of the other.
 */
final class WalkJob {
  private WalkJob() {}

  static LatentVideo run(SparkSession spark, Settings settings, FilmFrame from, FilmFrame to, double seconds,
      java.nio.file.Path out, Optional<String> modelOption, ModelLoader loader, PrintStream console)
      throws IOException {
    StoreLayout layout = new StoreLayout(settings.store().root());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    FileSystem fs = StoreFileSystem.of(layout, hadoop);
    FilmRegistry registry = new FilmRegistry(layout, hadoop);
    FilmRecord a = from.require(registry);
    FilmRecord b = to.require(registry);
    long frames = SecondsOption.frames(seconds, a.frameRateNum(), a.frameRateDen());
    Walk walk = encodeEnds(layout, fs, hadoop, a, b, from, to, frames, modelOption, loader);
    return LatentVideoJob.write(spark, settings, walk.model(), loader, walk.path(), a.frameRateNum(),
        a.frameRateDen(), out, "walk " + from + " -> " + to, null, console);
  }

  /** The walk to decode and what executors need of the model (the driver's own model is not kept). */
  private record Walk(LatentVideoJob.Model model, WalkPath path) {}

  private static Walk encodeEnds(StoreLayout layout, FileSystem fs, Configuration hadoop, FilmRecord a, FilmRecord b,
      FilmFrame from, FilmFrame to, long frames, Optional<String> modelOption, ModelLoader loader) throws IOException {
    DriverModel model = DriverModel.open(layout, fs, hadoop, modelOption, loader);
    model.requireSize(a);
    model.requireSize(b);
    byte[] start = FrameRangeReader.pixelsOf(fs, hadoop, layout, a.filmId(), from.frame());
    byte[] end = FrameRangeReader.pixelsOf(fs, hadoop, layout, b.filmId(), to.frame());
    float[] codes;
    try (BatchReconstructor encoder = new BatchReconstructor(model.model())) {
      codes = encoder.encode(List.of(start, end));
    }
    int latent = codes.length / 2;
    return new Walk(LatentVideoJob.Model.of(model), new WalkPath(Arrays.copyOfRange(codes, 0, latent),
        Arrays.copyOfRange(codes, latent, 2 * latent), frames));
  }
}
