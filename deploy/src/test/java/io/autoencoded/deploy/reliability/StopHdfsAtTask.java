package io.autoencoded.deploy.reliability;

import io.autoencoded.job.testing.MiniHdfs;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * A Spark plugin (spark.plugins) that stops a test's HDFS when the Nth task starts, before that task runs: the
 * filesystem goes away in the middle of a job at a chosen point, the same on every run, with no sleeping.
 * Spark calls {@code onTaskStart} on the task's own thread, so the stop is complete before the task reads or
 * writes anything.
 */
public final class StopHdfsAtTask implements SparkPlugin {
  private static final AtomicInteger STARTED = new AtomicInteger();
  private static volatile MiniHdfs hdfs;
  private static volatile int stopAt;
  private static volatile boolean stopped;

  /** Stops {@code target} when the {@code task}-th task from now starts (1 = the next one). */
  static void arm(MiniHdfs target, int task) {
    STARTED.set(0);
    stopAt = task;
    stopped = false;
    hdfs = target;
  }

  /** Whether the plugin has stopped (or is stopping) HDFS since it was armed. */
  static boolean stopped() {
    return stopped;
  }

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void onTaskStart() {
        MiniHdfs target = hdfs;
        if (target != null && STARTED.incrementAndGet() == stopAt) {
          hdfs = null;
          // set first: the job can fail on the namenode's absence (other tasks) before the datanode is down;
          // MiniHdfs.restart waits for this stop to finish
          stopped = true;
          target.stop();
        }
      }
    };
  }
}
