package io.autoencoded.job.train;

/**
 * What the {@link TrainingProbe} measured on the cluster.
 *
 * @param roundOverheadSeconds  a round's cost besides its minibatches: broadcasting the state, launching the
 *                              replicas' tasks, collecting and averaging their results
 * @param minibatchSeconds      one steady minibatch of the slowest replica (after the warm-up)
 * @param checkpointBytes       the size of one checkpoint.bin of this model
 * @param checkpointSeconds     the time to serialize one, and once the epoch's end was rehearsed, to write it
 *                              (with the epoch's pictures) into the store
 * @param picturesSeconds       an epoch end's other costs on the driver: drawing the pictures and publishing the
 *                              run's report (0 until the epoch's end was rehearsed)
 * @param frameReadSeconds      a Spark job reading the probe's frames from the store: the fixed part of each
 *                              epoch's shuffle, which reads every frame again the same way
 * @param probeSeconds          the probe's own wall time, warm-up included
 * @param replicas              replicas that took part
 * @param minibatches           timed minibatches per replica
 */
public record ProbeTimings(double roundOverheadSeconds, double minibatchSeconds, long checkpointBytes,
    double checkpointSeconds, double picturesSeconds, double frameReadSeconds, double probeSeconds, int replicas,
    int minibatches) {

  /** These timings with a rehearsed epoch end's: a checkpoint written to the store, the pictures and the report. */
  public ProbeTimings withEpochEnd(double storedCheckpointSeconds, double pictures) {
    return new ProbeTimings(roundOverheadSeconds, minibatchSeconds, checkpointBytes, storedCheckpointSeconds,
        pictures, frameReadSeconds, probeSeconds + storedCheckpointSeconds + pictures, replicas, minibatches);
  }
}
