package io.autoencoded.job.train;

/**
 * What a training run produced.
 *
 * @param checkpointUri   the newest checkpoint (the directory; also in STORE/models/LATEST)
 * @param epochs          epochs the model has now been trained for
 * @param framesTrained   frames trained in this invocation (0 when the run was already complete)
 * @param framesPerSecond training throughput of this invocation, all replicas together
 * @param steadyFramesPerSecond throughput over the rounds after each epoch's first (which also shuffles the
 *                        epoch's frames)
 * @param overheadShare   share of round wall time not spent in the slowest replica's training steps
 *                        (broadcast, task launch, averaging), over the rounds after each epoch's first
 * @param resumedFrom     the checkpoint this invocation resumed from, or null
 * @param estimate        what the run was estimated to cost before it started, or null (nothing to train, or
 *                        train.probe-minibatches = 0)
 * @param wallSeconds     wall time of the training itself (after the estimate): what the estimate estimated
 */
public record TrainResult(String runId, String checkpointUri, int epochs, RoundLosses finalLosses,
    long framesTrained, double framesPerSecond, double steadyFramesPerSecond, double overheadShare, int rollbacks,
    String resumedFrom, RunEstimate estimate, double wallSeconds) {

  public String toJson() {
    RoundLosses l = finalLosses;
    return "{\"run_id\":\"" + runId + "\",\"checkpoint\":" + (checkpointUri == null ? "null" : "\"" + checkpointUri + "\"")
        + ",\"epochs\":" + epochs + ",\"frames_trained\":" + framesTrained
        + ",\"frames_per_s\":" + num(framesPerSecond) + ",\"steady_frames_per_s\":" + num(steadyFramesPerSecond)
        + ",\"overhead_share\":" + num(overheadShare) + ",\"rollbacks\":" + rollbacks
        + ",\"resumed\":" + (resumedFrom != null)
        + ",\"wall_s\":" + num(wallSeconds)
        + ",\"estimate_s\":" + num(estimate == null ? Double.NaN : estimate.seconds())
        + ",\"probe_s\":" + num(estimate == null ? Double.NaN : estimate.probe().probeSeconds())
        + ",\"loss_prior\":" + num(l == null ? Double.NaN : l.prior())
        + ",\"loss_llike\":" + num(l == null ? Double.NaN : l.llike())
        + ",\"loss_gan\":" + num(l == null ? Double.NaN : l.gan())
        + ",\"pixel_mse\":" + num(l == null ? Double.NaN : l.pixelMse()) + "}";
  }

  private static String num(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }
}
