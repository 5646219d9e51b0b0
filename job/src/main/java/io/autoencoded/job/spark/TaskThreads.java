package io.autoencoded.job.spark;

import io.autoencoded.job.model.NativeVariant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkEnv;
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
  static {
    // the first ND4J use in a JVM may come through here: choose the native build before it loads
    NativeVariant.select();
  }

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
    return set(configured > 0 ? configured : Math.max(1, task.cpus()));
  }

  /**
   * For work done on one shared model per executor ({@code reconstruct}): {@code configured}, or by default all
   * the executor's cores; 0 on the driver outside any task (leave the process setting).
   */
  public static int executorShare(int configured) {
    if (TaskContext.get() == null) {
      return 0;
    }
    return configured > 0 ? configured : executorCores();
  }

  /**
   * The native threads each training replica computes with, decided on the driver for {@code replicas} replicas
   * under {@code master}: {@code configured}, or by default (0) in local mode local[N]'s cores shared among the
   * replicas that run at once (one replica on local[2] computes with 2 threads, two with 1 each), elsewhere 0, which
   * leaves each task its {@code spark.task.cpus} (an executor's cores are shared by however many replicas the
   * scheduler places on it).
   */
  public static int perReplica(int configured, int replicas, String master) {
    if (configured > 0) {
      return configured;
    }
    Matcher local = LOCAL.matcher(master);
    if (!local.matches()) {
      return 0;
    }
    int cores = localCores(local);
    return Math.max(1, cores / Math.max(1, Math.min(replicas, cores)));
  }

  /** The cores of this executor: local[N]'s N in local mode, else spark.executor.cores, else the machine's. */
  static int executorCores() {
    int machine = Runtime.getRuntime().availableProcessors();
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      return machine;
    }
    Matcher local = LOCAL.matcher(env.conf().get("spark.master", ""));
    if (local.matches()) {
      return localCores(local);
    }
    return Math.max(1, env.conf().getInt("spark.executor.cores", machine));
  }

  private static int localCores(Matcher local) {
    String n = local.group(1);
    return n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Math.max(1, Integer.parseInt(n));
  }

  private static final Pattern LOCAL = Pattern.compile("local(?:\\[([0-9]+|\\*)(?:,[0-9]+)?\\])?");

  /** Sets the calling thread's native threads. */
  public static int set(int threads) {
    Nd4j.getExecutioner(); // the backend must be loaded before its native ops are reached
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    return threads;
  }
}
