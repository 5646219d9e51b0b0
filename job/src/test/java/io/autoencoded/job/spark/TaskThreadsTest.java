package io.autoencoded.job.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.autoencoded.job.config.SettingsLoader;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/** Each Spark task computes with its own share of native threads; the driver's setting is left alone. */
class TaskThreadsTest {
  private static int threadsHere() {
    Nd4j.getExecutioner();
    return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
  }

  @Test
  void tasksGetTheirShareAndTheDriverKeepsItsOwn() throws Exception {
    int driverBefore = threadsHere();
    SparkSession spark = SparkSessions.open("local[2]", SettingsLoader.load(List.of(), Map.of()), "task-threads");
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      // default: spark.task.cpus (1), whatever OMP_NUM_THREADS the process started with
      List<Integer> byDefault = jsc.parallelize(List.of(1, 2, 3, 4), 4).map(i -> {
        TaskThreads.apply(0);
        return threadsHere();
      }).collect();
      assertEquals(List.of(1, 1, 1, 1), byDefault);
      List<Integer> configured = jsc.parallelize(List.of(1, 2), 2).map(i -> {
        TaskThreads.apply(3);
        return threadsHere();
      }).collect();
      assertEquals(List.of(3, 3), configured);
      // one shared model per executor: the executor's cores (local[2]: 2)
      List<Integer> executor = jsc.parallelize(List.of(1, 2), 2).map(i -> TaskThreads.executorShare(0)).collect();
      assertEquals(List.of(2, 2), executor);
      assertEquals(List.of(5), jsc.parallelize(List.of(1), 1).map(i -> TaskThreads.executorShare(5)).collect());
    } finally {
      spark.stop();
    }
    assertEquals(0, TaskThreads.apply(5), "no task on the driver: nothing set");
    // training replicas: local[N]'s cores shared among the replicas, the configured count, or the task's cpus
    assertEquals(2, TaskThreads.perReplica(0, 1, "local[2]"), "one replica alone on local[2] takes both cores");
    assertEquals(1, TaskThreads.perReplica(0, 2, "local[2]"));
    assertEquals(2, TaskThreads.perReplica(0, 2, "local[4]"));
    assertEquals(1, TaskThreads.perReplica(0, 8, "local[4]"), "more replicas than cores: one thread each");
    assertEquals(1, TaskThreads.perReplica(0, 1, "local"));
    assertEquals(3, TaskThreads.perReplica(3, 1, "local[2]"));
    assertEquals(0, TaskThreads.perReplica(0, 1, "spark://127.0.0.1:7077"), "a cluster: each task's spark.task.cpus");
    assertEquals(0, TaskThreads.executorShare(5));
    assertEquals(driverBefore, threadsHere());
  }
}
