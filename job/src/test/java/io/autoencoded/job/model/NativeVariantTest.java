package io.autoencoded.job.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class NativeVariantTest {
  private static final Set<String> SKYLAKE_SERVER = Set.of("sse4_2", "avx", "avx2", "fma", "f16c", "bmi2",
      "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
  private static final Set<String> HASWELL = Set.of("sse4_2", "avx", "avx2", "fma", "f16c", "bmi2");
  private static final Set<String> SANDY_BRIDGE = Set.of("sse4_2", "avx");
  private static final Predicate<String> ALL_SHIPPED = c -> true;

  @Test
  void eachCpuGetsTheMostSpecificBuildItCanRun() {
    assertEquals("linux-x86_64-onednn-avx512", NativeVariant.choose(null, null, SKYLAKE_SERVER, ALL_SHIPPED)
        .orElseThrow().classifier());
    assertEquals("linux-x86_64-onednn-avx2", NativeVariant.choose(null, null, HASWELL, ALL_SHIPPED)
        .orElseThrow().classifier());
    NativeVariant.Choice old = NativeVariant.choose(null, null, SANDY_BRIDGE, ALL_SHIPPED).orElseThrow();
    assertEquals("linux-x86_64-onednn", old.classifier());
    assertTrue(old.describe().contains("lacks avx2, bmi2, f16c, fma"), old.describe());
    assertEquals("linux-x86_64-onednn", NativeVariant.choose(null, null, Set.of(), ALL_SHIPPED).orElseThrow()
        .classifier(), "unreadable flags: the build every x86-64 runs");
  }

  @Test
  void onlyShippedBuildsAreChosenAndTheJavacppPropertyWins() {
    assertEquals("linux-x86_64-onednn-avx2", NativeVariant.choose(null, null, SKYLAKE_SERVER,
        c -> c.endsWith("-avx2")).orElseThrow().classifier());
    assertEquals("linux-x86_64-onednn", NativeVariant.choose("-onednn", "-Dautoencoded.nd4j-build", SKYLAKE_SERVER, ALL_SHIPPED)
        .orElseThrow().classifier());
    assertFalse(NativeVariant.choose(null, null, HASWELL, c -> false).isPresent(), "no CPU build: a CUDA build");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> NativeVariant.choose(null, null, SANDY_BRIDGE, c -> c.endsWith("-avx2")));
    assertTrue(e.getMessage().endsWith("rebuild with -Dnd4j.classifier=linux-x86_64-onednn."), e.getMessage());
  }

  @Test
  void thisProcessLoadedTheBuildItChoseForThisCpu() {
    VaeGan.create(new ModelSpec(16, 32, 3, 2, 4, 2.5, 1e-3, 42L));
    String chosen = NativeVariant.select().orElseThrow().classifier();
    assertEquals(chosen, NativeVariant.loaded().orElseThrow());
    assertEquals(null, org.bytedeco.javacpp.Loader.loadProperties().getProperty("platform.extension"),
        "JavaCPP's extension is taken out once ND4J has loaded: left in, FFmpeg's presets would not load");
    assertEquals(NativeVariant.choose(null, null, CpuInfo.current().flags(), ALL_SHIPPED).orElseThrow().classifier(),
        chosen);
  }

  @Test
  void theLoadedBuildIsReadFromTheMemoryMapForCpuAndCuda() {
    assertEquals("linux-x86_64-onednn-avx2", NativeVariant.loadedBuild("7f00-7f10 r-xp 00000000 fd:00 42 "
        + "/root/.javacpp/cache/x.jar/org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx2/libnd4jcpu.so")
        .orElseThrow());
    assertEquals("linux-x86_64-cudnn", NativeVariant.loadedBuild("7f00-7f10 r-xp 00000000 fd:00 42 /root/.javacpp/"
        + "cache/nd4j-cuda-11.6-1.0.0-M2.1-linux-x86_64-cudnn.jar/org/nd4j/linalg/jcublas/bindings/linux-x86_64-cudnn/"
        + "libnd4jcuda.so").orElseThrow());
    assertFalse(NativeVariant.loadedBuild("7f00-7f10 r-xp 00000000 fd:00 42 /usr/lib/libc.so.6").isPresent());
  }

  @Test
  void cpuinfoIsReadForTheModelAndTheFlags() {
    CpuInfo cpu = CpuInfo.parse(List.of("processor\t: 0", "model name\t: AMD EPYC 9R14",
        "flags\t\t: fpu avx avx2 fma avx512f avx512_bf16", "model\t\t: 17", "processor\t: 1",
        "model name\t: other"));
    assertEquals("AMD EPYC 9R14", cpu.model());
    assertEquals("avx avx2 fma avx512f avx512_bf16", cpu.vectorFlags());
    assertEquals(new CpuInfo("unknown", Set.of()), CpuInfo.parse(List.of()));
  }
}
