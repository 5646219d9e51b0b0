package io.autoencoded.job.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;

/**
 * What an evaluation measured, as {@code quality.json} beside its report ({@code STORE/reconstructions/ID/report/}):
 * the film-wide figures of the quality summary and the model they were measured for. The training report reads
 * it to show a run's quality beside its mean-frame baseline. A figure that is not a finite number (the PSNR of
 * identical images, the sharpness of a film without detail) is null, as JSON has no such number.
 *
 * @param run   the training run in the same store whose checkpoint was evaluated, or null (a model from elsewhere)
 * @param model the checkpoint evaluated (URI)
 */
public record Evaluation(String filmId, String model, String run, String evaluatedAt, long frames, Double psnr,
    Double ssim, Double meanFramePsnr, Double meanFrameSsim, Double sharpnessRatio) {

  public static final String FILE = "quality.json";

  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT);

  public static Evaluation of(String filmId, String model, String run, String evaluatedAt, long frames, double psnr,
      double ssim, double meanFramePsnr, double meanFrameSsim, double sharpnessRatio) {
    return new Evaluation(filmId, model, run, evaluatedAt, frames, finite(psnr), finite(ssim), finite(meanFramePsnr),
        finite(meanFrameSsim), finite(sharpnessRatio));
  }

  /** How many dB the model's PSNR is above the mean frame's; null when either is not a number. */
  public Double psnrMargin() {
    return psnr == null || meanFramePsnr == null ? null : psnr - meanFramePsnr;
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("a record of strings and numbers always serializes", e);
    }
  }

  public static Evaluation read(InputStream in) throws IOException {
    return JSON.readValue(in, Evaluation.class);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
