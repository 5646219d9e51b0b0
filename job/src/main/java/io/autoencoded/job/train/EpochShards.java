package io.autoencoded.job.train;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionPruningRDD;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * One epoch's frames, shuffled and cut into rounds without passing through the driver: every frame gets its
 * shuffled position (a seeded permutation of the global frame index), the rows are shuffled by Spark into one
 * partition per (round, replica) as {@link RoundPlan} says, sorted by position inside. The shuffle files are
 * the epoch's staging: each round then reads only its {@code workers} partitions (a pruned RDD), so a round's
 * tasks decode just the frames they train on.
 */
public final class EpochShards {
  private static final ClassTag<byte[]> BYTES = ClassTag$.MODULE$.apply(byte[].class);

  private final JavaRDD<byte[]> shards;
  private final RoundPlan plan;

  private EpochShards(JavaRDD<byte[]> shards, RoundPlan plan) {
    this.shards = shards;
    this.plan = plan;
  }

  public static EpochShards of(FrameSource source, RoundPlan plan, long epochSeed) {
    FramePermutation permutation = new FramePermutation(source.total(), epochSeed);
    long[] offsets = source.offsets();
    JavaRDD<byte[]> shards = source.frames().javaRDD()
        .mapToPair(row -> {
          long global = offsets[row.getInt(0)] + row.getLong(1);
          return new Tuple2<>(permutation.apply(global), (byte[]) row.get(2));
        })
        .repartitionAndSortWithinPartitions(new RoundPartitioner(plan))
        .values();
    return new EpochShards(shards, plan);
  }

  /** The {@code workers} partitions of one round, partition i = replica i. */
  public JavaRDD<byte[]> round(int round) {
    PartitionPruningRDD<byte[]> pruned = PartitionPruningRDD.create(shards.rdd(), new RoundFilter(round, plan.workers()));
    return JavaRDD.fromRDD(pruned, BYTES);
  }

  /** Routes shuffled position q to partition round(q) * workers + replica(q). */
  static final class RoundPartitioner extends Partitioner {
    private final RoundPlan plan;

    RoundPartitioner(RoundPlan plan) {
      this.plan = plan;
    }

    @Override
    public int numPartitions() {
      return plan.partitions();
    }

    @Override
    public int getPartition(Object key) {
      return plan.partitionOf((Long) key);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RoundPartitioner p && p.plan.equals(plan);
    }

    @Override
    public int hashCode() {
      return plan.hashCode();
    }
  }

  static final class RoundFilter extends scala.runtime.AbstractFunction1<Object, Object>
      implements java.io.Serializable {
    private final int round;
    private final int workers;

    RoundFilter(int round, int workers) {
      this.round = round;
      this.workers = workers;
    }

    @Override
    public Object apply(Object partition) {
      return (Integer) partition / workers == round;
    }
  }
}
