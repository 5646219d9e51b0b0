package io.autoencoded.job.train;

/**
 * What a training run produced.
 *
 * @param checkpointUri   the newest checkpoint (the directory; also in STORE/models/LATEST)
 * @param epochs          epochs the model has now been trained for
 * @param framesTrained   frames trained in this invocation (0 when the run was already complete)
 * @param framesPerSecond training throughput of this invocation, all replicas together
 * @param overheadShare   share of round wall time not spent in the slowest replica's training steps
 *                        (broadcast, task launch, averaging), over the rounds after each epoch's first
 * @param resumedFrom     the checkpoint this invocation resumed from, or null
 */
public record TrainResult(String runId, String checkpointUri, int epochs, RoundLosses finalLosses,
    long framesTrained, double framesPerSecond, double overheadShare, int rollbacks, String resumedFrom) {

  public String toJson() {
    RoundLosses l = finalLosses;
    return String.format(java.util.Locale.ROOT,
        "{\"run_id\":\"%s\",\"checkpoint\":\"%s\",\"epochs\":%d,\"frames_trained\":%d,\"frames_per_s\":%.3f,"
            + "\"overhead_share\":%.4f,\"rollbacks\":%d,\"resumed\":%b,\"loss_prior\":%s,\"loss_llike\":%s,"
            + "\"loss_gan\":%s,\"pixel_mse\":%s}",
        runId, checkpointUri, epochs, framesTrained, framesPerSecond, overheadShare, rollbacks, resumedFrom != null,
        num(l == null ? Double.NaN : l.prior()), num(l == null ? Double.NaN : l.llike()),
        num(l == null ? Double.NaN : l.gan()), num(l == null ? Double.NaN : l.pixelMse()));
  }

  private static String num(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }
}
