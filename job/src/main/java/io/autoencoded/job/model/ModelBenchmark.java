package io.autoencoded.job.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures the model on generated frames: training steps ({@code train}) or encode + decode ({@code reconstruct})
 * per second, with the process's peak resident memory. One warm-up step is run first and not timed.
 */
public final class ModelBenchmark {
  private ModelBenchmark() {}

  /** What is timed: a model of either compute engine. */
  /** One engine's model as the bench times it: a training step, a reconstruction, its size and its engine's name. */
  private record Benched(java.util.function.Consumer<INDArray> train, java.util.function.Consumer<INDArray> reconstruct,
      long trainableParameterCount, String engine) {
    void step(INDArray frames, boolean training) {
      (training ? train : reconstruct).accept(frames);
    }
  }

  /** Runs the benchmark on the ND4J engine; see {@link #run(String, ModelSpec, int, int, boolean)}. */
  public static String run(String kind, ModelSpec spec, int batch, int steps) {
    return run(kind, spec, batch, steps, false);
  }

  /**
   * Runs the benchmark on the model of {@code spec} (its sizes, upsampling and objective), on ND4J or, with
   * {@code torch}, on the torch engine's configured device; returns one JSON line.
   */
  public static String run(String kind, ModelSpec spec, int batch, int steps, boolean torch) {
    if (!"train".equals(kind) && !"reconstruct".equals(kind)) {
      throw new IllegalArgumentException("kind must be train or reconstruct, got " + kind);
    }
    int height = spec.height();
    int width = spec.width();
    long t0 = System.nanoTime();
    Benched model = torch ? torch(spec) : nd4j(spec);
    INDArray frames = SyntheticFrames.batch(batch, height, width, 1);
    double createSeconds = (System.nanoTime() - t0) / 1e9;
    boolean train = "train".equals(kind);
    long w0 = System.nanoTime();
    model.step(frames, train);
    double warmupSeconds = (System.nanoTime() - w0) / 1e9;
    long s0 = System.nanoTime();
    double[] stepSeconds = new double[steps];
    for (int i = 0; i < steps; i++) {
      long a = System.nanoTime();
      model.step(frames, train);
      stepSeconds[i] = (System.nanoTime() - a) / 1e9;
    }
    double seconds = (System.nanoTime() - s0) / 1e9;
    CpuInfo cpu = CpuInfo.current();
    double framesPerSecond = steps * (double) batch / seconds;
    StringBuilder perStep = new StringBuilder();
    for (double s : stepSeconds) {
      perStep.append(perStep.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", s));
    }
    return String.format(Locale.ROOT,
        "{\"kind\":\"%s\",\"height\":%d,\"width\":%d,\"filters\":%d,\"latent\":%d,\"batch\":%d,\"steps\":%d,"
            + "\"params\":%d,\"seconds\":%.3f,\"frames_per_s\":%.3f,\"step_seconds\":[%s],\"warmup_seconds\":%.3f,"
            + "\"create_seconds\":%.3f,\"peak_rss_mb\":%d,\"omp_threads\":\"%s\",\"malloc_arena_max\":\"%s\","
            + "\"dnnl_max_cpu_isa\":\"%s\",\"nd4j\":\"%s\","
            + "\"upsampling\":\"%s\",\"native\":\"%s\",\"engine\":\"%s\",\"cpu\":\"%s\",\"cpu_flags\":\"%s\"}",
        kind, height, width, spec.filters(), spec.latent(), batch, steps, model.trainableParameterCount(), seconds,
        framesPerSecond, perStep, warmupSeconds, createSeconds, peakRssMb(),
        System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
        System.getenv().getOrDefault("MALLOC_ARENA_MAX", "unset"),
        System.getenv().getOrDefault("DNNL_MAX_CPU_ISA", "unset"),
        Nd4j.getExecutioner().getClass().getSimpleName(), spec.upsampling(),
        NativeVariant.loaded().orElse("unknown"), model.engine().replace("\"", "'"), cpu.model().replace("\"", "'"), cpu.vectorFlags());
  }

  private static Benched nd4j(ModelSpec spec) {
    VaeGan model = VaeGan.create(spec);
    return new Benched(model::trainStep, model::reconstruct, model.trainableParameterCount(), engine());
  }

  /** The torch engine; each step ends with its results on the host, so a GPU's queue is drained inside the timing. */
  private static Benched torch(ModelSpec spec) {
    io.autoencoded.job.model.torch.TorchVaeGan model = io.autoencoded.job.model.torch.TorchVaeGan.create(spec);
    return new Benched(model::trainStep, model::reconstruct, model.trainableParameterCount(),
        "torch " + io.autoencoded.job.model.torch.TorchRuntime.describe(model.device()));
  }

  /**
   * The engine that computed: ND4J's backend (cpu or cuda), the native build it loaded and, on CUDA, each device
   * with its compute capability, e.g. {@code ND4J cuda linux-x86_64-cudnn on NVIDIA A10 (sm_86)}.
   */
  public static String engine() {
    String backend = Nd4j.getBackend().getClass().getSimpleName();
    StringBuilder s = new StringBuilder("ND4J ")
        .append(backend.contains("Cublas") || backend.contains("Cuda") ? "cuda" : backend.contains("Cpu") ? "cpu"
            : backend)
        .append(' ').append(NativeVariant.loaded().orElse("unknown"));
    try {
      Object devices = Nd4j.getExecutioner().getEnvironmentInformation().get("cuda.devicesInformation");
      if (devices instanceof List<?> list && !list.isEmpty()) {
        s.append(" on ");
        for (int i = 0; i < list.size(); i++) {
          Map<?, ?> d = (Map<?, ?>) list.get(i);
          s.append(i == 0 ? "" : ", ").append(d.get("cuda.deviceName"))
              .append(" (sm_").append(d.get("cuda.deviceMajor")).append(d.get("cuda.deviceMinor")).append(')');
        }
      }
    } catch (RuntimeException e) {
      // the devices are a nicety: the backend and its build are named above
    }
    return s.toString();
  }

  /** VmHWM of /proc/self/status in MiB; -1 where unavailable. */
  static long peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

}
