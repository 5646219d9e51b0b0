package io.autoencoded.job.model.torch;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Utils;
import io.autoencoded.job.spark.TaskGpu;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * libtorch through DJL, loaded from the classpath only, and the device a model computes on.
 *
 * <p>DJL finds libtorch in a {@code pytorch-native-*} jar on the classpath (the CPU build in tests, the CUDA 12.4
 * build under {@code -Pgpu}) and extracts it into its cache directory ({@code ~/.djl.ai}, or the
 * {@code ENGINE_CACHE_DIR} system property or variable). Without such a jar it would download libtorch from the
 * internet: offline mode is set unless the caller set it, so that a missing native is an error here, not a
 * download on a cluster node.
 *
 * <p>DJL chooses libtorch's CUDA build only where JNA finds a CUDA runtime ({@code libcudart.so}) on the library
 * path; the CUDA build's jar carries its own under another name ({@code libcudart-8774224f.so.12}), so a GPU node
 * with nothing but the NVIDIA driver would get the CPU build, or none. Where the driver is present and the CUDA
 * build is on the classpath, its libraries are therefore extracted here (once, into DJL's cache directory) and DJL
 * is pointed at them ({@code PYTORCH_LIBRARY_PATH}, {@code PYTORCH_FLAVOR}); for the same reason the GPU count is
 * libtorch's own ({@code torch::cuda::is_available}), not DJL's JNA probe. Not yet run on a GPU (docs/GPU.md).
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
        preferCudaBuild();
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
   * assigned to the running task ({@code spark.task.resource.gpu.amount}), else GPU 0 when libtorch can use CUDA,
   * else the CPU.
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
    OptionalInt assigned = TaskGpu.assigned();
    if (assigned.isPresent()) {
      return Device.gpu(assigned.getAsInt());
    }
    return engine().hasCapability(ai.djl.engine.StandardCapabilities.CUDA) ? Device.gpu(0) : Device.cpu();
  }

  /** Points DJL at libtorch's CUDA build (see above) on a machine with the NVIDIA driver, if the build is here. */
  private static void preferCudaBuild() {
    if (Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH") != null
        || !Files.exists(Path.of("/proc/driver/nvidia/version"))) {
      return;
    }
    Properties cuda = bundledCudaBuild();
    if (cuda == null) {
      return;
    }
    String flavor = cuda.getProperty("flavor");
    String classifier = cuda.getProperty("classifier");
    Path dir = Utils.getEngineCacheDir("pytorch")
        .resolve(cuda.getProperty("version") + '-' + flavor + '-' + classifier);
    try {
      if (!Files.exists(dir.resolve(System.mapLibraryName("torch")))) {
        Files.createDirectories(dir.getParent());
        Path partial = Files.createTempDirectory(dir.getParent(), "extracting");
        for (String library : cuda.getProperty("libraries").split(",")) {
          String resource = "pytorch/" + flavor + '/' + classifier + '/' + library;
          try (InputStream in = TorchRuntime.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
              throw new IOException("the CUDA build's jar lacks " + resource);
            }
            Files.copy(in, partial.resolve(library), StandardCopyOption.REPLACE_EXISTING);
          }
        }
        // another JVM on the node may have finished first: either copy is whole
        try {
          Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
          if (!Files.exists(dir.resolve(System.mapLibraryName("torch")))) {
            throw raced;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract libtorch's CUDA build into " + dir, e);
    }
    System.setProperty("PYTORCH_LIBRARY_PATH", dir.toString());
    System.setProperty("PYTORCH_FLAVOR", flavor);
  }

  /** The properties of a CUDA build of libtorch on the classpath ({@code -Pgpu}), or null. */
  private static Properties bundledCudaBuild() {
    try {
      Enumeration<URL> builds = TorchRuntime.class.getClassLoader().getResources("native/lib/pytorch.properties");
      while (builds.hasMoreElements()) {
        Properties p = new Properties();
        try (InputStream in = builds.nextElement().openStream()) {
          p.load(in);
        }
        if (p.getProperty("flavor", "").startsWith("cu") && p.getProperty("libraries") != null) {
          return p;
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the libtorch builds on the classpath", e);
    }
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
