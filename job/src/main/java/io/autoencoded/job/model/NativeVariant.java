package io.autoencoded.job.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.Loader;

/**
 * Which of ND4J's CPU native builds this process loads. The cluster jar ships three (the plain x86-64 build, one
 * compiled for AVX2 and one for AVX-512, each with oneDNN), because one build cannot be both fast and safe
 * everywhere: the AVX2 build dies with an illegal instruction on a CPU without AVX2, and the plain one leaves
 * AVX-512 unused. JavaCPP loads whichever variant {@code org.bytedeco.javacpp.platform.extension} names and,
 * without it, the first it finds, whatever the CPU. So every JVM that computes (the launcher's, and each executor
 * that spark-submit starts, possibly on another kind of machine) picks its own from its own CPU's flags, before
 * ND4J loads: {@link #select} is called where ND4J is first touched and is a no-op after the first call.
 *
 * <p>{@code -Dautoencoded.nd4j-build=linux-x86_64-onednn} (e.g. in {@code spark.executor.extraJavaOptions}) overrides
 * the choice. Builds with another backend (-Pcuda) ship no CPU
 * variant, and nothing is chosen.
 */
public final class NativeVariant {
  static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";
  /** A build chosen by hand, by its classifier: {@code -Dautoencoded.nd4j-build=linux-x86_64-onednn}. */
  static final String OVERRIDE = "autoencoded.nd4j-build";
  private static final String JAVACPP_EXTENSION = "platform.extension";
  private static final String ND4J_CPU_BINDINGS = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu";
  private static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";
  private static final String CUDA_BINDINGS = "org/nd4j/linalg/jcublas/bindings/";
  private static final String PLATFORM = "linux-x86_64";

  /** The CPU builds in order of preference, with the CPU flags each was compiled to use. */
  enum Build {
    AVX512("-onednn-avx512", "avx2", "fma", "f16c", "bmi2", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"),
    AVX2("-onednn-avx2", "avx2", "fma", "f16c", "bmi2"),
    GENERIC("-onednn");

    final String extension;
    final Set<String> flags;

    Build(String extension, String... flags) {
      this.extension = extension;
      this.flags = Set.of(flags);
    }

    String classifier() {
      return PLATFORM + extension;
    }
  }

  /** What was chosen, and why, for the start-up line and the benchmarks' JSON. */
  public record Choice(String classifier, String reason) {
    public String describe() {
      return "ND4J native build: " + classifier + " (" + reason + ")";
    }
  }

  private static Choice chosen;

  private NativeVariant() {}

  /**
   * Chooses the native build for this CPU (or the one {@code -Dautoencoded.nd4j-build} names), loads it, and prints
   * the choice on stderr once per JVM. Empty where no CPU build is on the classpath (a CUDA build).
   *
   * <p>A JavaCPP property {@code -Dorg.bytedeco.javacpp.platform.extension} set by hand is left alone: it applies to
   * every JavaCPP library, FFmpeg's included, which then refuse to load (see {@link #loadNd4j}).
   */
  public static synchronized Optional<Choice> select() {
    if (chosen == null) {
      String byHand = System.getProperty(PROPERTY);
      String requested = System.getProperty(OVERRIDE);
      String extension = byHand != null ? byHand : requested == null ? null : extensionOf(requested);
      chosen = choose(extension, "-D" + (byHand != null ? PROPERTY : OVERRIDE), CpuInfo.current().flags(),
          NativeVariant::onClasspath).orElse(null);
      if (chosen != null) {
        System.err.println(chosen.describe());
        if (byHand == null) {
          loadNd4j(chosen.classifier().substring(PLATFORM.length()));
        }
      }
    }
    return Optional.ofNullable(chosen);
  }

  /** "linux-x86_64-onednn" → "-onednn"; an extension alone is taken as it is. */
  private static String extensionOf(String build) {
    return build.startsWith(PLATFORM) ? build.substring(PLATFORM.length()) : build;
  }

  /**
   * Loads ND4J's natives of the build with {@code extension}. JavaCPP reads its platform extension into its cached
   * properties once, when it first loads anything (FFmpeg may have come first), and applies it to every library it
   * loads after: so it is set there only for ND4J and taken out again, for FFmpeg's presets refuse to load under
   * an extension they do not have ("Platform linux-x86_64 not supported").
   */
  private static void loadNd4j(String extension) {
    Properties javacpp = Loader.loadProperties();
    String before = javacpp.getProperty(JAVACPP_EXTENSION);
    javacpp.setProperty(JAVACPP_EXTENSION, extension);
    try {
      Class.forName(ND4J_CPU_BINDINGS, true, NativeVariant.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("ND4J's CPU bindings are missing beside its natives", e);
    } finally {
      if (before == null) {
        javacpp.remove(JAVACPP_EXTENSION);
      } else {
        javacpp.setProperty(JAVACPP_EXTENSION, before);
      }
    }
  }

  /**
   * The build for a CPU with {@code flags} among the {@code present} ones: {@code extension}'s if one was asked
   * for ({@code setBy} says how), else the most specific build whose instructions the CPU has. Empty when no CPU
   * build is present.
   */
  static Optional<Choice> choose(String extension, String setBy, Set<String> flags, Predicate<String> present) {
    if (Arrays.stream(Build.values()).noneMatch(b -> present.test(b.classifier()))) {
      return Optional.empty();
    }
    if (extension != null) {
      return Optional.of(new Choice(PLATFORM + extension, "set by " + setBy));
    }
    for (Build b : Build.values()) {
      if (present.test(b.classifier()) && flags.containsAll(b.flags)) {
        String reason = b == Build.GENERIC
            ? "this CPU lacks " + missing(Build.AVX2, flags) + " for the AVX2 build"
            : "this CPU has " + (b == Build.AVX512 ? "AVX-512" : "AVX2");
        return Optional.of(new Choice(b.classifier(), reason));
      }
    }
    String shipped = Arrays.stream(Build.values()).filter(b -> present.test(b.classifier()))
        .map(Build::classifier).collect(Collectors.joining(", "));
    throw new IllegalStateException("This CPU has none of the instructions of the ND4J builds shipped (" + shipped
        + "): rebuild with -Dnd4j.classifier=linux-x86_64-onednn.");
  }

  private static String missing(Build build, Set<String> flags) {
    return build.flags.stream().filter(f -> !flags.contains(f)).sorted().collect(Collectors.joining(", "));
  }

  private static boolean onClasspath(String classifier) {
    return NativeVariant.class.getClassLoader().getResource(BINDINGS + classifier + "/libjnind4jcpu.so") != null;
  }

  /**
   * The native build this process has loaded, from its memory map (what JavaCPP really loaded, whatever was
   * chosen): a CPU build ({@code linux-x86_64-onednn-avx2}) or ND4J's CUDA build ({@code linux-x86_64-cudnn});
   * empty before ND4J has loaded or where the map cannot be read.
   */
  public static Optional<String> loaded() {
    try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
      return lines.map(NativeVariant::loadedBuild).flatMap(Optional::stream).findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The build directory of ND4J's native library in one line of /proc/self/maps, if it maps one. */
  static Optional<String> loadedBuild(String mapsLine) {
    for (String[] lib : new String[][] {{BINDINGS, "/libnd4jcpu.so"}, {CUDA_BINDINGS, "/libnd4jcuda.so"}}) {
      int start = mapsLine.indexOf(lib[0]);
      int end = mapsLine.indexOf(lib[1]);
      if (start >= 0 && end > start) {
        return Optional.of(mapsLine.substring(start + lib[0].length(), end));
      }
    }
    return Optional.empty();
  }
}
