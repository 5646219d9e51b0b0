package io.autoencoded.job.train;

import java.util.List;

/**
 * Where a run stands, stored beside each checkpoint as position.json: enough to resume exactly there.
 *
 * @param epochsDone   epochs fully trained
 * @param roundsDone   rounds of epoch {@code epochsDone} (0-based, not finished) already trained; 0 at an
 *                     epoch boundary
 * @param learningRate the current learning rate (lowered by rollbacks)
 * @param history      the mean losses of every round so far (the loss curve)
 */
public record TrainPosition(String runId, List<String> films, int epochsDone, int roundsDone, long step,
    long framesSeen, double learningRate, int rollbacks, RoundLosses lastLosses, List<LossPoint> history,
    String createdAt) {

  public String describe() {
    return roundsDone == 0 ? "after epoch " + epochsDone
        : "epoch " + (epochsDone + 1) + ", after round " + roundsDone;
  }

  /** The checkpoint directory's name; sorts in training order. */
  public String checkpointName() {
    return roundsDone == 0 ? String.format("epoch-%04d", epochsDone)
        : String.format("epoch-%04d-round-%06d", epochsDone, roundsDone);
  }
}
