package io.autoencoded.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher loads the ND4J native build its CPU can run, says which once, and the benchmark's JSON names the
 * build that was really loaded. No machine here lacks AVX2, so a CPU without it is emulated, and must train: the plain
 * x86-64 build forced through -Dautoencoded.nd4j-build, oneDNN's convolutions capped at SSE4.1 (DNNL_MAX_CPU_ISA,
 * checked in oneDNN's own verbose lines), OpenBLAS's kernels at Nehalem's and the JVM's at AVX.
 * The launcher also caps glibc's malloc arenas at 2 unless MALLOC_ARENA_MAX is set, which the JSON records.
 */
class NativeBuildIT {
  private static final Pattern SAID = Pattern.compile("ND4J native build: (\\S+) \\(([^)]*)\\)");
  private static final String[] TINY = {"bench", "train", "--height", "16", "--width", "32", "--filters", "2",
      "--latent", "4", "--batch", "2", "--steps", "1"};

  @TempDir Path dir;

  @Test
  void theLauncherLoadsTheBuildItChoseAndCapsTheArenasAndThePlainBuildTrains() throws Exception {
    Launcher.Result chosen = Launcher.run(dir, Map.of("AUTOENCODED_CDS", "off"), 300, Launcher.autoencoded(TINY));
    assertEquals(0, chosen.status(), chosen.err());
    Matcher said = SAID.matcher(chosen.err());
    assertTrue(said.find(), chosen.err());
    assertTrue(said.group(1).startsWith("linux-x86_64-onednn"), said.group(1));
    assertTrue(chosen.out().contains("\"native\":\"" + said.group(1) + "\""), chosen.out());
    // the launcher caps glibc's malloc arenas unless the user set a cap (docs/PERFORMANCE.md, Film scale)
    String cap = System.getenv().getOrDefault("MALLOC_ARENA_MAX", "2");
    assertTrue(chosen.out().contains("\"malloc_arena_max\":\"" + cap + "\""), chosen.out());

    Launcher.Result plain = Launcher.run(dir, Map.of("AUTOENCODED_CDS", "off", "MALLOC_ARENA_MAX", "4",
        "AUTOENCODED_JAVA_OPTS", "-Xmx2g -XX:UseAVX=1 -Dautoencoded.nd4j-build=linux-x86_64-onednn",
        "DNNL_MAX_CPU_ISA", "SSE41", "DNNL_VERBOSE", "1", "OPENBLAS_CORETYPE", "Nehalem"), 300,
        Launcher.autoencoded(TINY));
    assertEquals(0, plain.status(), plain.err());
    assertTrue(plain.err().contains("ND4J native build: linux-x86_64-onednn (set by -Dautoencoded.nd4j-build)"),
        plain.err());
    assertTrue(plain.out().contains("\"native\":\"linux-x86_64-onednn\""), plain.out());
    assertTrue(plain.out().contains("\"frames_per_s\":"), plain.out());
    assertTrue(plain.out().contains("\"malloc_arena_max\":\"4\""), "the user's cap is kept: " + plain.out());
    assertTrue(plain.out().contains("\"dnnl_max_cpu_isa\":\"SSE41\""), plain.out());
    assertTrue(plain.out().contains("dnnl_verbose,info,cpu,isa:Intel SSE4.1"), plain.out());
    assertTrue(plain.out().contains(",convolution,jit:sse41,"), "oneDNN convolved with SSE4.1: " + plain.out());
    assertFalse(plain.out().contains("jit:avx"), "nothing above SSE4.1 ran in oneDNN: " + plain.out());
  }
}
