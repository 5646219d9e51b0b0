package io.autoencoded.job.spark;

import org.apache.spark.TaskContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The native (OpenMP) threads a model computes with inside a Spark task. An executor runs as many tasks at
 * once as it has cores (divided by {@code spark.task.cpus}); if every task's convolutions also spread over all
 * cores, N tasks run N×cores busy-waiting threads on the cores and all of them slow down. So each task gets its
 * own share: {@code spark.native-threads-per-task}, or by default the task's {@code spark.task.cpus}.
 *
 * <p>OpenMP keeps the thread count per calling thread, so setting it on the task's thread affects only that
 * task's work.
 */
public final class TaskThreads {
  private TaskThreads() {}

  /**
   * Sets the calling task's native thread count and returns it; on the driver (no task) leaves the process
   * setting alone and returns 0.
   */
  public static int apply(int configured) {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return 0;
    }
    int threads = configured > 0 ? configured : Math.max(1, task.cpus());
    Nd4j.getExecutioner(); // the backend must be loaded before its native ops are reached
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    return threads;
  }
}
