package io.autoencoded.job.model.torch;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * libtorch through DJL, loaded from the classpath only, and the device a model computes on.
 *
 * <p>DJL finds libtorch in a {@code pytorch-native-*} jar on the classpath (the CPU build in tests, the CUDA 12.4
 * build under {@code -Pgpu}) and extracts it into its cache directory ({@code ~/.djl.ai}, or the
 * {@code ENGINE_CACHE_DIR} system property or variable). Without such a jar it would download libtorch from the
 * internet: offline mode is set unless the caller set it, so that a missing native is an error here, not a
 * download on a cluster node.
 */
public final class TorchRuntime {
  /** {@code cpu}, {@code gpu} (GPU 0), {@code gpu:N}, or {@code auto} (the default): see {@link #device}. */
  public static final String DEVICE_PROPERTY = "autoencoded.torch.device";
  static final String ENGINE = "PyTorch";

  private static Engine engine;

  private TorchRuntime() {}

  /** The PyTorch engine, loaded once per JVM; a one-sentence error when libtorch is not on the classpath. */
  public static synchronized Engine engine() {
    if (engine == null) {
      if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
        System.setProperty("ai.djl.offline", "true");
      }
      try {
        engine = Engine.getEngine(ENGINE);
      } catch (RuntimeException | LinkageError e) {
        throw new IllegalStateException("model.engine = torch cannot load libtorch (" + e.getMessage() + "): build "
            + "with -Pgpu for CUDA GPUs, or with -Dtorch.cpu.scope=runtime for CPUs, or use model.engine = nd4j", e);
      }
    }
    return engine;
  }

  /**
   * The device of the system property {@value #DEVICE_PROPERTY}; by default ({@code auto}) the GPU that Spark
   * assigned to the running task ({@code spark.task.resource.gpu.amount}), else GPU 0 when libtorch sees one, else
   * the CPU.
   */
  public static Device device() {
    String chosen = System.getProperty(DEVICE_PROPERTY, "auto").trim();
    if ("cpu".equals(chosen)) {
      return Device.cpu();
    }
    if ("gpu".equals(chosen)) {
      return Device.gpu(0);
    }
    if (chosen.startsWith("gpu:")) {
      return Device.gpu(Integer.parseInt(chosen.substring(4)));
    }
    if (!"auto".equals(chosen)) {
      throw new IllegalArgumentException(DEVICE_PROPERTY + " must be cpu, gpu, gpu:N or auto, got " + chosen);
    }
    Integer assigned = sparkTaskGpu();
    if (assigned != null) {
      return Device.gpu(assigned);
    }
    return engine().getGpuCount() > 0 ? Device.gpu(0) : Device.cpu();
  }

  /** The first GPU address Spark gave the running task, or null outside a task or without GPU resources. */
  private static Integer sparkTaskGpu() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return null;
    }
    Map<String, ResourceInformation> resources = task.resourcesJMap();
    ResourceInformation gpus = resources == null ? null : resources.get("gpu");
    if (gpus == null || gpus.addresses().length == 0) {
      return null;
    }
    return Integer.parseInt(gpus.addresses()[0].trim());
  }

  /** A fresh manager on {@code device}: a model's arrays live in it, and it is closed with the model. */
  static NDManager newManager(Device device) {
    return NDManager.newBaseManager(device, engine().getEngineName());
  }

  /** libtorch's version and flavour as DJL loaded them, e.g. "PyTorch 2.5.1" (for benchmarks and the GPU check). */
  public static String describe(Device device) {
    Engine e = engine();
    return e.getEngineName() + " " + e.getVersion() + " on " + device;
  }
}
