package io.autoencoded.reconstruct;

import io.autoencoded.reconstruct.quality.QualitySummary;
import io.autoencoded.reconstruct.temporal.FlickerSummary;
import java.util.Locale;
import java.util.Optional;

/**
 * The outcome of one reconstruction.
 *
 * @param checkpoint      the model used
 * @param flicker         the warping errors of the reconstruction and the original, over the film and per shot
 *                        ({@link FlickerSummary#NOT_MEASURED} when no shots were looked for)
 * @param smoothing       the temporal smoothing's K (0 = none)
 * @param out             the muxed video at --out (empty for evaluate)
 * @param storedVideo     its copy in the store (empty for evaluate)
 * @param report          the quality report's HTML file (a local path); none without evaluation
 * @param jobSeconds      the map-only Spark job (read, model, encode segments)
 * @param muxSeconds      joining the segments (and audio) into the output
 * @param modelSeconds    time spent inside encode + decode, summed over tasks
 * @param readSeconds     loading the model and reading frames from the store, summed over tasks
 * @param writeSeconds    quality, latents and segment encoding and upload, summed over tasks
 */
public record ReconstructResult(String filmId, String checkpoint, long frames, int segments, int frameRateNum,
    int frameRateDen, QualitySummary quality, FlickerSummary flicker, int smoothing, Optional<java.nio.file.Path> out,
    Optional<String> storedVideo, Optional<String> report, boolean audioKept, double jobSeconds, double muxSeconds,
    double modelSeconds, double readSeconds, double writeSeconds) {

  public double framesPerSecond() {
    return frames / Math.max(1e-9, jobSeconds);
  }

  public String json() {
    return String.format(Locale.ROOT, "{\"film_id\":\"%s\",\"frames\":%d,\"psnr\":%s,\"ssim\":%s,"
            + "\"min_psnr\":%s,\"min_ssim\":%s,\"mean_frame_psnr\":%s,\"mean_frame_ssim\":%s,"
            + "\"sharpness_ratio\":%s,\"report\":%s,\"out\":%s,\"model\":\"%s\","
            + "\"frames_per_s\":%.3f,\"job_s\":%.3f,\"mux_s\":%.3f,\"warping_error\":%s,"
            + "\"warping_error_original\":%s,\"shots\":%s,\"smoothing\":%d}",
        esc(filmId), frames, QualitySummary.jsonNumber(quality.psnr()), QualitySummary.jsonNumber(quality.meanSsim()),
        QualitySummary.jsonNumber(quality.minPsnr()), QualitySummary.jsonNumber(quality.minSsim()),
        QualitySummary.jsonNumber(quality.meanFramePsnr()), QualitySummary.jsonNumber(quality.meanFrameSsim()),
        QualitySummary.jsonNumber(quality.sharpnessRatio()),
        report.map(r -> "\"" + esc(r) + "\"").orElse("null"),
        out.map(p -> "\"" + esc(p.toString()) + "\"").orElse("null"), esc(checkpoint),
        framesPerSecond(), jobSeconds, muxSeconds, FlickerSummary.jsonNumber(flicker.reconstruction()),
        FlickerSummary.jsonNumber(flicker.original()),
        flicker.shots().isEmpty() ? "null" : Integer.toString(flicker.shots().size()), smoothing);
  }

  private static String esc(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
