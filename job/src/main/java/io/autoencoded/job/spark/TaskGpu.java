package io.autoencoded.job.spark;

import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The GPU Spark assigned to the running task ({@code spark.task.resource.gpu.amount}, addresses from the cluster's
 * discovery script, e.g. deploy/gpu/discover-gpus): a replica or a model built in a task uses that GPU, so that a
 * cluster with one task slot per GPU trains one replica per GPU.
 */
public final class TaskGpu {
  private TaskGpu() {}

  /** The task's first GPU address; empty outside a task or where the task was given none. */
  public static OptionalInt assigned() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return OptionalInt.empty();
    }
    Map<String, ResourceInformation> resources = task.resourcesJMap();
    ResourceInformation gpus = resources == null ? null : resources.get("gpu");
    if (gpus == null || gpus.addresses().length == 0) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(gpus.addresses()[0].trim()));
  }
}
