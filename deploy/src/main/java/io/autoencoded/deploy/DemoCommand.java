package io.autoencoded.deploy;

import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.spark.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code autoencoded demo [--out-dir DIR]}: the pipeline on the bundled CC0 clip with {@code conf/demo.conf}
 * (small frames, a narrow model, enough epochs to see the film emerge) so that it finishes in minutes on a
 * laptop; writes the reconstruction, the side-by-side and the quality report.
 */
public final class DemoCommand implements Command {
  static final String CLIP = "deploy/demo/cityCC0.mpg";
  static final String PRESET = "conf/demo.conf";

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "the whole pipeline on the bundled clip, in minutes (--out-dir DIR, default ./autoencoded-demo)";
  }

  @Override
  public Set<String> options() {
    return Set.of("out-dir", "epochs", "max-hours");
  }

  @Override
  public int run(Invocation invocation) throws Exception {
    Path home = Path.of(System.getProperty("autoencoded.home", "."));
    Path clip = home.resolve(CLIP);
    Path preset = home.resolve(PRESET);
    if (!Files.isReadable(clip) || !Files.isReadable(preset)) {
      throw new UserException("The demo clip or preset is missing under " + home.toAbsolutePath()
          + ": run the demo from a full checkout with deploy/bin/autoencoded demo.");
    }
    Path outDir = Path.of(invocation.option("out-dir").orElse("autoencoded-demo")).toAbsolutePath();
    Files.createDirectories(outDir);
    Path video = outDir.resolve("cityCC0-autoencoded.mp4");
    Path pair = outDir.resolve("cityCC0-side-by-side.mp4");
    Settings settings = invocation.settings(List.of(preset));
    java.util.OptionalInt epochs = PipelineCommand.epochs(invocation);
    java.util.OptionalDouble maxHours = invocation.positiveNumber("max-hours");
    System.out.println("autoencoded demo: " + clip + " at " + settings.frames().width() + "x"
        + settings.frames().height() + ", " + settings.model().filters() + " filters, latent "
        + settings.model().latent() + ", " + epochs.orElse(settings.train().epochs()) + " epochs; store " + settings.store().root());
    SparkSession spark = SparkSessions.open(invocation, settings, "demo");
    try {
      Pipeline.Result result = Pipeline.run(spark, settings, clip.toString(), "cityCC0", false,
          epochs, maxHours, video, Optional.of(pair), false, true, System.out);
      System.out.println();
      System.out.println("Reconstruction:  " + video);
      System.out.println("Side by side:    " + pair);
      System.out.println("Quality report:  " + result.video().report().orElseThrow());
      System.out.println(result.video().json());
      return 0;
    } finally {
      spark.stop();
    }
  }
}
