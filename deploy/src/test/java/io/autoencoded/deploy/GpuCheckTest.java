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
 * deploy/gpu/check refuses, before it runs anything, where it cannot check a GPU: no NVIDIA GPU or driver, a GPU
 * ND4J's CUDA build has no machine code for (Hopper), or a build that is not -Pcuda. Each refusal is exit 2, one
 * sentence on stderr naming the cause and the fix, and a last stdout line of JSON with status "refused". nvidia-smi
 * and the build's classpath are stand-ins here (NVIDIA_SMI, GPU_CHECK_CLASSPATH_FILE), so no GPU is needed.
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

  private Launcher.Result check(Path smi, Path classpathFile) throws Exception {
    return Launcher.run(dir.resolve("logs"), Map.of("NVIDIA_SMI", smi.toString(), "GPU_CHECK_CLASSPATH_FILE",
        classpathFile.toString()), 60, List.of(CHECK));
  }

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
}
