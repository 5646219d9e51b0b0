package io.autoencoded.reconstruct;

import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.reconstruct.latent.FilmFrame;
import io.autoencoded.job.train.ModelEngine;
import io.autoencoded.reconstruct.model.ModelLoader;
import io.autoencoded.reconstruct.model.VaeGanCheckpointLoader;
import java.nio.file.Path;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code walk --film-id A --frame I [--to-film B] --to-frame J --seconds S --out FILE.mp4 [--model URI]}: a smooth
 * path through latent space from frame I of A to frame J of B (B = A by default), at A's frame rate and size; the last
 * stdout line is JSON.
 */
public final class WalkCommand implements Command {
  @Override
  public String name() {
    return "walk";
  }

  @Override
  public String summary() {
    return "a video of the path through latent space from one frame to another (--film-id A --frame I [--to-film B] "
        + "--to-frame J --seconds S --out FILE.mp4 [--model URI])";
  }

  @Override
  public Set<String> options() {
    return Set.of("film-id", "frame", "to-film", "to-frame", "seconds", "out", "model");
  }

  @Override
  public int run(Invocation invocation) throws Exception {
    String filmId = invocation.required("film-id");
    FilmFrame from = new FilmFrame(filmId, FrameIndexOption.of(invocation, "frame"));
    FilmFrame to = new FilmFrame(invocation.option("to-film").orElse(filmId),
        FrameIndexOption.of(invocation, "to-frame"));
    double seconds = SecondsOption.of(invocation);
    Path out = Path.of(invocation.required("out"));
    Settings settings = invocation.settings();
    ReconstructSettings.from(settings.config());
    SparkSession spark = SparkSessions.open(invocation, settings, "walk " + from + " -> " + to);
    try {
      LatentVideo video = WalkJob.run(spark, settings, from, to, seconds, out, invocation.option("model"),
          ModelLoader.ofEngine(new VaeGanCheckpointLoader(), ModelEngine.from(settings.config())), System.out);
      System.out.println(video.json());
      return 0;
    } finally {
      spark.stop();
    }
  }
}
