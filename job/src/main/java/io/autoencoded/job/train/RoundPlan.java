package io.autoencoded.job.train;

import java.io.Serializable;

/**
 * Which frames each replica trains on in each round of an epoch. The epoch's frames are shuffled into positions
 * 0..frames-1; position q goes to replica q mod workers (so replicas differ by at most one frame), at place
 * q div workers in that replica's sequence; each round a replica takes its next
 * {@code averagingFrequency x batchSize} frames. The last round of an epoch may be short.
 *
 * <p>Spark partition {@code round * workers + worker} holds exactly one replica's frames of one round, so a
 * round is a job over {@code workers} partitions.
 */
public record RoundPlan(long frames, int workers, int batchSize, int averagingFrequency) implements Serializable {

  public RoundPlan {
    if (frames <= 0 || workers <= 0 || batchSize <= 0 || averagingFrequency <= 0) {
      throw new IllegalArgumentException("frames, workers, batch size and averaging frequency must be positive");
    }
  }

  public long framesPerRound() {
    return (long) batchSize * averagingFrequency;
  }

  public long framesOf(int worker) {
    return frames / workers + (worker < frames % workers ? 1 : 0);
  }

  /** Rounds in one epoch: enough for the replica with the most frames. */
  public int rounds() {
    return (int) ((framesOf(0) + framesPerRound() - 1) / framesPerRound());
  }

  public int partitions() {
    return rounds() * workers;
  }

  public int workerOf(long position) {
    return (int) (position % workers);
  }

  public int roundOf(long position) {
    return (int) ((position / workers) / framesPerRound());
  }

  public int partitionOf(long position) {
    return roundOf(position) * workers + workerOf(position);
  }

  public int roundOfPartition(int partition) {
    return partition / workers;
  }

  /** Frames replica {@code worker} trains on in {@code round} (0 when it has run out). */
  public long framesIn(int round, int worker) {
    long start = (long) round * framesPerRound();
    return Math.max(0, Math.min(framesPerRound(), framesOf(worker) - start));
  }
}
