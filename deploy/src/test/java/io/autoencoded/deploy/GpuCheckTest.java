package io.autoencoded.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/gpu/check refuses, before it runs anything, where it cannot check a GPU: no NVIDIA GPU or driver, a build
 * without a CUDA build of the engine, or a GPU the engine's build has no machine code for (ND4J: Hopper; torch:
 * Blackwell). Each refusal is exit 2, one sentence on stderr naming the cause and the fix, and a last stdout line of
 * JSON with status "refused". It checks the torch engine on a Hopper GPU when the build has libtorch's CUDA build.
 * nvidia-smi, the build's classpath and the launcher are stand-ins here (NVIDIA_SMI, GPU_CHECK_CLASSPATH_FILE,
 * GPU_CHECK_LAUNCHER), so no GPU is needed.
 */
class GpuCheckTest {
  private static final String CHECK = Launcher.ROOT.resolve("deploy/gpu/check").toString();

  @TempDir Path dir;

  private Path nvidiaSmi(String gpuLine, int status) throws Exception {
    Path smi = dir.resolve("nvidia-smi-" + System.nanoTime());
    Files.writeString(smi, "#!/usr/bin/env bash\n"
        + (status != 0 ? "echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\"\n"
            + "exit " + status + "\n" : "")
        + "if [[ \"$*\" == *--query-gpu* ]]; then echo '" + gpuLine + "'; exit 0; fi\n"
        + "echo '| NVIDIA-SMI 550.54.15   Driver Version: 550.54.15   CUDA Version: 12.4 |'\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    return smi;
  }

  private Path classpath(String... jars) throws Exception {
    return Files.writeString(dir.resolve("classpath-" + System.nanoTime() + ".txt"), String.join(":", jars));
  }

  private Launcher.Result check(Path smi, Path classpathFile, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(CHECK));
    command.addAll(List.of(args));
    return Launcher.run(dir.resolve("logs"), Map.of("NVIDIA_SMI", smi.toString(), "GPU_CHECK_CLASSPATH_FILE",
        classpathFile.toString(), "GPU_CHECK_LAUNCHER", launcher().toString()), 60, command);
  }

  /** A stand-in for deploy/bin/autoencoded: records its arguments, answers as a bench that ran on the CPU. */
  private Path launcher() throws Exception {
    Path script = dir.resolve("autoencoded");
    if (!Files.exists(script)) {
      Files.writeString(script, "#!/usr/bin/env bash\necho \"$*\" >> '" + dir.resolve("launcher-calls.txt") + "'\n"
          + "echo '{\"kind\":\"train\",\"frames_per_s\":1.0,\"engine\":\"torch PyTorch 2.5.1 on cpu()\"}'\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return script;
  }

  private static final String TORCH_BUILD = "/m2/pytorch-native-cu124-2.5.1-linux-x86_64.jar:"
      + "/m2/nd4j-native-1.0.0-M2-linux-x86_64-onednn-avx512.jar";

  private static void assertRefused(Launcher.Result r, String because) {
    assertEquals(2, r.status(), r.err());
    assertTrue(r.lastErrLine().contains(because), r.lastErrLine());
    assertTrue(r.lastErrLine().endsWith("."), "one sentence: " + r.lastErrLine());
    String[] out = r.out().strip().split("\n");
    String last = out[out.length - 1];
    assertTrue(last.startsWith("{\"check\":\"gpu\",\"status\":\"refused\",\"reason\":\""), last);
    assertTrue(last.contains(because), last);
    assertTrue(last.endsWith("}"), last);
    assertFalse(r.out().contains("check: logs in"), "nothing was run: " + r.out());
  }

  @Test
  void noNvidiaGpuOrDriverIsRefused() throws Exception {
    Path cuda = classpath("/m2/nd4j-cuda-11.6-1.0.0-M2.1-linux-x86_64-cudnn.jar");
    assertRefused(check(dir.resolve("no-such-nvidia-smi"), cuda), "No NVIDIA GPU here: nvidia-smi is not installed");
    assertRefused(check(nvidiaSmi("", 9), cuda), "nvidia-smi failed (NVIDIA-SMI has failed because it couldn't "
        + "communicate with the NVIDIA driver.); check that the NVIDIA driver is loaded");
    assertRefused(check(nvidiaSmi("", 0), cuda), "nvidia-smi lists none");
  }

  @Test
  void hopperIsRefusedBecauseNd4jsCudaBuildHasNoCodeForIt() throws Exception {
    Launcher.Result r = check(nvidiaSmi("0, NVIDIA H200, 550.54.15, 143771, 9.0", 0),
        classpath("/m2/nd4j-cuda-11.6-1.0.0-M2.1-linux-x86_64-cudnn.jar"));
    assertRefused(r, "This GPU cannot run ND4J's CUDA build: NVIDIA H200 (compute capability 9.0)");
    assertTrue(r.lastErrLine().contains("build with 'mvn -Pgpu -DskipTests package'"), r.lastErrLine());
    assertTrue(r.out().contains("\"gpus\":[{\"index\":0,\"name\":\"NVIDIA H200\",\"memory_mib\":143771,"
        + "\"compute_capability\":\"9.0\"}],\"driver\":\"550.54.15\"}"), r.out());
  }

  @Test
  void aBuildThatIsNotCudaIsRefused() throws Exception {
    Path ampere = nvidiaSmi("0, NVIDIA A10, 535.104.05, 23028, 8.6", 0);
    assertRefused(check(ampere, classpath("/m2/nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx2.jar")),
        "This build uses ND4J's CPU backend, not CUDA: run 'mvn -Pcuda -DskipTests package'");
    assertRefused(check(ampere, dir.resolve("not-built.txt")), "The project is not built: run 'mvn -Pcuda");
  }

  @Test
  void hopperIsCheckedWithTheTorchEngineWhenTheBuildHasIt() throws Exception {
    Launcher.Result r = check(nvidiaSmi("0, NVIDIA H200, 550.54.15, 143771, 9.0", 0), classpath(TORCH_BUILD));
    assertEquals(1, r.status(), r.err());
    assertTrue(r.out().contains("check: engine torch"), r.out());
    List<String> calls = Files.readAllLines(dir.resolve("launcher-calls.txt"));
    assertEquals(1, calls.size(), "the engine did not run on the GPU: nothing after the engine step ran " + calls);
    assertTrue(calls.get(0).startsWith("bench train ") && calls.get(0).endsWith("--set model.engine=torch"),
        calls.get(0));
    String last = r.out().strip().substring(r.out().strip().lastIndexOf('\n') + 1);
    assertTrue(last.startsWith("{\"check\":\"gpu\",\"status\":\"failed\""), last);
    assertTrue(last.contains("\"engine_checked\":\"torch\"") && last.contains("\"engine\":\"torch PyTorch 2.5.1 on cpu()\""),
        last);
    assertTrue(last.contains("the torch engine did not run on the GPU"), last);
  }

  @Test
  void theTorchEngineRefusesGpusItsBuildHasNoCodeForAndBuildsWithoutIt() throws Exception {
    assertRefused(check(nvidiaSmi("0, NVIDIA B200, 570.86.10, 183359, 10.0", 0), classpath(TORCH_BUILD)),
        "This GPU cannot run the torch engine's libtorch build: NVIDIA B200 (compute capability 10.0)");
    assertRefused(check(nvidiaSmi("0, NVIDIA A10, 535.104.05, 23028, 8.6", 0),
        classpath("/m2/nd4j-cuda-11.6-1.0.0-M2.1-linux-x86_64-cudnn.jar"), "--engine", "torch"),
        "This build has no CUDA build of libtorch for the torch engine: run 'mvn -Pgpu -DskipTests package'");
    assertFalse(Files.exists(dir.resolve("launcher-calls.txt")), "a refused check runs nothing");
  }
}
