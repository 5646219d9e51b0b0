package io.autoencoded.reconstruct;

import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.spark.SparkSessions;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code evaluate --film-id ID [--model MODEL_URI] [--smooth K]}: reconstructs every frame (without writing a video),
 * measures PSNR and SSIM against the ingested frames beside those of the film's mean frame (the baseline), the
 * sharpness ratio, and the flicker (warping error of the reconstruction and of the original, over the film and per
 * shot); writes the report to STORE/reconstructions/ID/report and prints the summary; the last stdout
 * line is JSON ({@code psnr}, {@code ssim}, {@code mean_frame_psnr}, {@code mean_frame_ssim},
 * {@code sharpness_ratio}, {@code frames}, {@code report}, {@code warping_error}, {@code warping_error_original},
 * {@code shots}, ...).
 */
public final class EvaluateCommand implements Command {
  @Override
  public String name() {
    return "evaluate";
  }

  @Override
  public String summary() {
    return "PSNR/SSIM of a film's reconstruction against the mean-frame baseline, sharpness ratio, flicker per shot "
        + "(--film-id ID [--model URI] [--smooth K]); last line JSON";
  }

  @Override
  public Set<String> options() {
    return Set.of("film-id", "model", SmoothOption.NAME);
  }

  @Override
  public int run(Invocation invocation) throws Exception {
    String filmId = invocation.required("film-id");
    Settings settings = invocation.settings();
    ReconstructSettings.from(settings.config());
    ReconstructOptions options = ReconstructOptions.evaluation(invocation.option("model"))
        .withSmoothing(SmoothOption.of(invocation));
    SparkSession spark = SparkSessions.open(invocation, settings, "evaluate " + filmId);
    try {
      ReconstructResult result = ReconstructJob.run(spark, settings, filmId, options);
      System.out.println(result.json());
      return 0;
    } finally {
      spark.stop();
    }
  }
}
