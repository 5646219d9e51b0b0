package io.autoencoded.reconstruct;

import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.reconstruct.latent.FilmFrame;
import io.autoencoded.reconstruct.latent.Neighbour;
import io.autoencoded.job.train.ModelEngine;
import io.autoencoded.reconstruct.model.ModelLoader;
import io.autoencoded.reconstruct.model.VaeGanCheckpointLoader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code nearest --film-id A --frame I [--in B]... [--k 8] [--sheet FILE.png] [--model URI]}: the k frames whose
 * latent means lie closest to frame I of A, in the films named by --in (default: every film with latents, A
 * included, so the query itself comes first at distance 0). Prints one JSON line per neighbour, nearest first, as the
 * last lines of stdout, and draws a contact sheet (default {@code nearest-A-I.png}).
 */
public final class NearestCommand implements Command {
  static final int DEFAULT_K = 8;

  @Override
  public String name() {
    return "nearest";
  }

  @Override
  public String summary() {
    return "the k frames nearest in latent space to a frame, as JSON lines and a contact sheet (--film-id A "
        + "--frame I [--in B]... [--k 8] [--sheet FILE.png] [--model URI])";
  }

  @Override
  public Set<String> options() {
    return Set.of("film-id", "frame", "in", "k", "sheet", "model");
  }

  @Override
  public int run(Invocation invocation) throws Exception {
    FilmFrame query = new FilmFrame(invocation.required("film-id"), FrameIndexOption.of(invocation, "frame"));
    int k = k(invocation);
    Path sheet = Path.of(invocation.option("sheet").orElse("nearest-" + query.filmId() + "-" + query.frame()
        + ".png"));
    if (!sheet.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
      throw new UserException("--sheet " + sheet + " is not a .png file: the contact sheet is a PNG; name it e.g. "
          + "--sheet nearest.png.");
    }
    Settings settings = invocation.settings();
    ReconstructSettings.from(settings.config());
    SparkSession spark = SparkSessions.open(invocation, settings, "nearest " + query);
    try {
      NearestJob.Result result = NearestJob.run(spark, settings, query, invocation.all("in"), k, sheet,
          invocation.option("model"), ModelLoader.ofEngine(new VaeGanCheckpointLoader(), ModelEngine.from(settings.config())), System.out);
      for (Neighbour n : result.neighbours()) {
        System.out.println(n.json());
      }
      return 0;
    } finally {
      spark.stop();
    }
  }

  private static int k(Invocation invocation) {
    Optional<String> raw = invocation.option("k");
    if (raw.isEmpty()) {
      return DEFAULT_K;
    }
    try {
      int k = Integer.parseInt(raw.get().trim());
      if (k >= 1 && k <= NearestJob.MAX_K) {
        return k;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new UserException("--k needs a whole number from 1 to " + NearestJob.MAX_K + " (how many neighbours), got '"
        + raw.get() + "': write e.g. --k 8.");
  }
}
