package io.autoencoded.job.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * This machine's CPU as /proc/cpuinfo names it: the model and the instruction-set flags, for choosing the native
 * build ({@link NativeVariant}) and for naming the CPU beside every speed figure (a ratio measured on one CPU can
 * reverse on another).
 */
public record CpuInfo(String model, Set<String> flags) {
  /** The vector extensions that decide which native build runs and how fast, in the order they are printed. */
  private static final List<String> VECTOR_FLAGS = List.of("avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl",
      "avx512_vnni", "avx512_bf16", "amx_bf16");

  /** The first processor's entry; "unknown" and no flags where /proc/cpuinfo cannot be read. */
  public static CpuInfo current() {
    try {
      return parse(Files.readAllLines(Path.of("/proc/cpuinfo")));
    } catch (IOException | RuntimeException e) {
      return new CpuInfo("unknown", Set.of());
    }
  }

  static CpuInfo parse(List<String> cpuinfo) {
    String model = field(cpuinfo, "model name");
    String flags = field(cpuinfo, "flags");
    return new CpuInfo(model.isEmpty() ? "unknown" : model, flags.isEmpty() ? Set.of()
        : Arrays.stream(flags.toLowerCase(Locale.ROOT).split("\\s+")).collect(Collectors.toUnmodifiableSet()));
  }

  private static String field(List<String> cpuinfo, String name) {
    return cpuinfo.stream()
        .filter(l -> l.startsWith(name) && l.indexOf(':') > 0
            && l.substring(0, l.indexOf(':')).trim().equals(name))
        .findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .orElse("");
  }

  /** The vector extensions this CPU has, e.g. "avx avx2 fma avx512f ...". */
  public String vectorFlags() {
    return VECTOR_FLAGS.stream().filter(flags::contains).collect(Collectors.joining(" "));
  }
}
