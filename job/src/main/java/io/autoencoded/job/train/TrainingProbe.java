package io.autoencoded.job.train;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A short timed run of the real training on the actual cluster, before the long work starts: the numbers the
 * {@link RunEstimate} is made of. Two rounds of the training's own Spark job ({@link ReplicaRound}) on the first
 * frames of the first film: a warm-up round of one minibatch per replica (it builds each executor's replica models,
 * which stay in the {@link ReplicaPool} for the real rounds, and takes the JIT's and the native buffers' first-call
 * costs), then a timed round of {@code train.probe-minibatches} minibatches per replica, steady steps only. Then
 * one checkpoint is serialized into a byte counter: its size and its cost. Reading the frames is timed too: each
 * epoch's shuffle reads every frame again.
 *
 * <p>The probe's updates are discarded, not kept as training progress. Kept, they would be minibatches outside the
 * epoch's shuffled order: a run would no longer train every frame exactly once per epoch, and the same command
 * (or a resumed one) would no longer give the same model. What is thrown away is a few minibatches per replica, a
 * fraction of one round; what is kept is what costs most at the start, the replicas' models and warm code, which
 * the first real round then does not pay for again. It reads only the frames it trains on (not the epoch's
 * shuffle of the whole film), so that {@code --max-hours} can stop a run that is too long within a few rounds'
 * time.
 */
final class TrainingProbe {
  private TrainingProbe() {}

  static ProbeTimings run(JavaSparkContext sc, FrameSource source, ModelState state, ModelFactory factory,
      int workers, int batchSize, int minibatches, int nativeThreads, String config) throws IOException {
    long began = System.nanoTime();
    int perReplica = minibatches * batchSize;
    List<byte[]> frames = source.firstFrames((int) Math.min(source.total(), (long) workers * perReplica));
    long read = System.nanoTime() - began;
    Broadcast<List<byte[]>> shared = sc.broadcast(frames);
    try {
      sc.setJobDescription("train: timing probe (warm-up)");
      ReplicaRound.run(sc, replicaFrames(sc, shared, workers, batchSize), state, factory, batchSize, nativeThreads);
      sc.setJobDescription("train: timing probe");
      long t0 = System.nanoTime();
      ParameterAverager timed = ReplicaRound.run(sc, replicaFrames(sc, shared, workers, perReplica), state, factory,
          batchSize, nativeThreads);
      long roundNanos = System.nanoTime() - t0;
      long computeNanos = timed.maxComputeNanos();
      long c0 = System.nanoTime();
      ByteCounter counter = new ByteCounter();
      factory.writeCheckpoint(state, state.iteration(), 0, config, counter);
      long checkpointNanos = System.nanoTime() - c0;
      return new ProbeTimings(Math.max(0, roundNanos - computeNanos) / 1e9, computeNanos / 1e9 / minibatches,
          counter.bytes, checkpointNanos / 1e9, 0, read / 1e9, (System.nanoTime() - began) / 1e9, (int) timed.count(),
          minibatches);
    } finally {
      sc.setJobDescription(null);
      shared.destroy();
    }
  }

  /** Partition i holds replica i's {@code perReplica} frames, taken round-robin from the probe's frames. */
  private static JavaRDD<byte[]> replicaFrames(JavaSparkContext sc, Broadcast<List<byte[]>> frames, int workers,
      int perReplica) {
    List<Integer> replicas = IntStream.range(0, workers).boxed().toList();
    return sc.parallelize(replicas, workers).flatMap(replica -> {
      List<byte[]> all = frames.value();
      List<byte[]> mine = new ArrayList<>(perReplica);
      for (int i = 0; i < perReplica; i++) {
        mine.add(all.get((replica * perReplica + i) % all.size()));
      }
      return mine.iterator();
    });
  }

  /** Counts what a checkpoint would write, keeping none of it. */
  private static final class ByteCounter extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
