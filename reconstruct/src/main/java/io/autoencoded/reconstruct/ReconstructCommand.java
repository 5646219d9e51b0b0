package io.autoencoded.reconstruct;

import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.spark.SparkSessions;
import java.nio.file.Path;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code reconstruct --film-id ID --out FILE.mp4 [--model MODEL_URI] [--side-by-side] [--no-audio] [--smooth K]
 * [--no-evaluation]}.
 */
public final class ReconstructCommand implements Command {
  @Override
  public String name() {
    return "reconstruct";
  }

  @Override
  public String summary() {
    return "reconstruct every frame of a film into a video (--film-id ID --out FILE.mp4 [--model URI] "
        + "[--side-by-side] [--no-audio] [--smooth K] [--no-evaluation])";
  }

  @Override
  public Set<String> options() {
    return Set.of("film-id", "out", "model", SmoothOption.NAME);
  }

  @Override
  public Set<String> flags() {
    return Set.of("side-by-side", "no-audio", "no-evaluation");
  }

  @Override
  public int run(Invocation invocation) throws Exception {
    String filmId = invocation.required("film-id");
    Path out = Path.of(invocation.required("out"));
    Settings settings = invocation.settings();
    ReconstructSettings.from(settings.config());
    ReconstructOptions options = ReconstructOptions.video(invocation.option("model"), out)
        .withSideBySide(invocation.flag("side-by-side"))
        .withAudio(!invocation.flag("no-audio"))
        .withSmoothing(SmoothOption.of(invocation))
        .withEvaluation(!invocation.flag("no-evaluation"));
    SparkSession spark = SparkSessions.open(invocation, settings, "reconstruct " + filmId);
    try {
      ReconstructResult result = ReconstructJob.run(spark, settings, filmId, options);
      System.out.println(result.json());
      return 0;
    } finally {
      spark.stop();
    }
  }
}
