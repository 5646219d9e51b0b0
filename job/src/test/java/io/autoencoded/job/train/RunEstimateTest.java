package io.autoencoded.job.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class RunEstimateTest {
  // 1 s of overhead per round, 2 s per minibatch, checkpoints of 3 MB stored in 0.5 s, pictures and report in
  // 0.5 s, frames read in 0.25 s
  private static final ProbeTimings PROBE = new ProbeTimings(1.0, 2.0, 3L << 20, 0.5, 0.5, 0.25, 7.0, 2, 3);

  @Test
  void eachRoundIsItsOverheadPlusTheBusiestReplicasMinibatches() {
    // 88 frames, 2 replicas of 44, rounds of 2 minibatches of 4 = 8 frames per replica: 6 rounds, the last of
    // 4 frames (one minibatch)
    RoundPlan plan = new RoundPlan(88, 2, 4, 2);
    RunEstimate e = RunEstimate.of(PROBE, plan, 0, 0, 3, 0);
    // the shuffle (a frame read), 5 full rounds, the short one, the checkpoint, the pictures (one more model build)
    double epoch = 0.25 + 5 * (1 + 2 * 2) + (1 + 2) + 0.5 + 0.5;
    assertEquals(epoch, e.epochSeconds(), 1e-9);
    assertEquals(3 * epoch, e.seconds(), 1e-9);
    assertEquals(3, e.checkpoints());
    assertEquals(3 * 88, e.frames());
    assertEquals(3 * 88 / (3 * epoch), e.framesPerSecond(), 1e-9);
  }

  @Test
  void aResumedRunIsEstimatedForWhatIsLeftWithItsRoundCheckpoints() {
    RoundPlan plan = new RoundPlan(88, 2, 4, 2);
    // epoch 2 of 3, 4 rounds already trained, a checkpoint every 2 rounds
    RunEstimate e = RunEstimate.of(PROBE, plan, 1, 4, 3, 2);
    double rest = 0.25 + (1 + 4) + (1 + 2) + 0.5 + 0.5; // shuffle, rounds 5 and 6, the epoch's checkpoint, pictures
    double epoch = 0.25 + 5 * (1 + 2 * 2) + (1 + 2) + 3 * 0.5 + 0.5; // checkpoints after rounds 2, 4 and 6
    assertEquals(epoch, e.epochSeconds(), 1e-9);
    assertEquals(rest + epoch, e.seconds(), 1e-9);
    assertEquals(1 + 3, e.checkpoints());
    assertEquals(2 * 88 - 4 * 16, e.frames());
  }

  @Test
  void theLineSaysItIsAnEstimateAndGivesTotalEpochAndCheckpointSize() {
    RunEstimate e = RunEstimate.of(PROBE, new RoundPlan(88, 2, 4, 2), 0, 0, 3, 0);
    String line = e.describe();
    assertTrue(line.startsWith("estimate (from a 7 s timing probe on this cluster, 2 replicas x 3 minibatches; "
        + "an estimate, not a measurement): 1 min 28 s to train 3 epochs of 88 frames (29 s per epoch"), line);
    assertTrue(line.endsWith("checkpoints 3.0 MB each, 3 to write (9.0 MB)"), line);
  }

  @Test
  void aboveTheWarningTheRunGoesOnAboveMaxHoursItDoesNotStart() {
    // the case: a feature film at full size, 6 epochs of 168,000 frames at ~1 frame/s
    ProbeTimings slow = new ProbeTimings(10, 12, 900L << 20, 3, 3, 5, 90, 2, 3);
    RunEstimate days = RunEstimate.of(slow, new RoundPlan(168_000, 2, 12, 5), 0, 0, 6, 0);
    assertTrue(days.hours() > 24 * 6, "days: " + days.describe());

    List<String> said = new ArrayList<>();
    new TrainingTimeLimit(OptionalDouble.empty(), 12).check(days, said::add);
    assertEquals(1, said.size());
    assertTrue(said.get(0).startsWith("warning: the estimate, 6.8 days, is above train.warn-after-hours (12 h)"),
        said.get(0));
    assertTrue(said.get(0).contains("model.filters") && said.get(0).contains("GPU")
        && said.get(0).contains("--epochs N") && said.get(0).endsWith("Training goes on."), said.get(0));

    said.clear();
    OverTimeLimitException stop = assertThrows(OverTimeLimitException.class,
        () -> new TrainingTimeLimit(OptionalDouble.of(48), 12).check(days, said::add));
    assertTrue(stop.getMessage().startsWith("Training did not start: the estimate is 6.8 days, above --max-hours 48"),
        stop.getMessage());
    assertTrue(stop.getMessage().endsWith("nothing was trained and nothing stored was lost."), stop.getMessage());
    assertTrue(said.isEmpty());

    // under both: nothing to say
    RunEstimate short_ = RunEstimate.of(PROBE, new RoundPlan(88, 2, 4, 2), 0, 0, 3, 0);
    new TrainingTimeLimit(OptionalDouble.of(1), 12).check(short_, said::add);
    assertTrue(said.isEmpty());
  }
}
