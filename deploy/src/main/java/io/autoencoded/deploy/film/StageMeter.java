package io.autoencoded.deploy.film;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;

/**
 * Watches this process while one stage of the film benchmark runs: a daemon thread samples the resident set
 * (VmRSS, and its anonymous and file-backed parts), JavaCPP's count of the native memory it allocated (ND4J's buffers and FFmpeg's frames go through it), the
 * JVM's direct buffers (Parquet's and Spark's off-heap I/O buffers), the heap in use, and the bytes and files in
 * Spark's local directories (the epoch shuffle's files live there), and keeps the peaks.
 *
 * <p>Sampling, not the kernel's VmHWM, because the high-water mark covers the process's whole life and the stages
 * run one after another in one JVM. A 200 ms period misses spikes shorter than that; the local directories are walked
 * every second (a walk is a few hundred files).
 */
public final class StageMeter implements AutoCloseable {
  private static final long SAMPLE_MS = 200;
  private static final int DISK_EVERY = 5;

  private final String stage;
  private final Supplier<List<Path>> localDirs;
  private final Thread sampler;
  private final long started = System.nanoTime();
  private volatile boolean running = true;
  private volatile long peakRss;
  private volatile long peakRssAnon;
  private volatile long peakRssFile;
  private volatile long peakNative;
  private volatile long peakDirect;
  private volatile long peakHeap;
  private volatile long peakLiveHeap;
  private volatile long peakOutsideHeap;
  private volatile long peakLocalBytes;
  private volatile long peakLocalFiles;

  private StageMeter(String stage, Supplier<List<Path>> localDirs) {
    this.stage = stage;
    this.localDirs = localDirs;
    this.sampler = new Thread(this::sampleUntilClosed, "film-bench-meter-" + stage);
    sampler.setDaemon(true);
  }

  /** @param localDirs Spark's local directories, asked for at each walk (Spark creates them lazily) */
  public static StageMeter start(String stage, Supplier<List<Path>> localDirs) {
    System.gc(); // the previous stage's garbage is not this stage's memory
    StageMeter meter = new StageMeter(stage, localDirs);
    meter.sample(true);
    meter.sampler.start();
    return meter;
  }

  private void sampleUntilClosed() {
    int n = 0;
    while (running) {
      sample(++n % DISK_EVERY == 0);
      try {
        Thread.sleep(SAMPLE_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void sample(boolean disk) {
    Map<String, Long> status = statusBytes();
    long rss = status.containsKey("VmRSS") ? status.get("VmRSS") : Pointer.physicalBytes();
    peakRss = Math.max(peakRss, rss);
    // the resident set in two: anonymous memory (heap, malloc, ND4J) is what a leak grows; file-backed pages
    // (mapped jars and libraries, shuffle or Parquet files read through mmap) the kernel can drop when it needs to
    peakRssAnon = Math.max(peakRssAnon, status.getOrDefault("RssAnon", 0L));
    peakRssFile = Math.max(peakRssFile, status.getOrDefault("RssFile", 0L));
    // everything resident but the heap: native libraries' buffers (ND4J's, FFmpeg's, OpenMP's), metaspace, code,
    // thread stacks; ND4J's own allocations are not all in JavaCPP's count, so this is the off-heap that catches them
    peakOutsideHeap = Math.max(peakOutsideHeap, rss - Runtime.getRuntime().totalMemory());
    peakNative = Math.max(peakNative, Pointer.totalBytes());
    peakDirect = Math.max(peakDirect, directBytes());
    peakHeap = Math.max(peakHeap, Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
    peakLiveHeap = Math.max(peakLiveHeap, liveHeapBytes());
    if (disk) {
      long[] usage = usage(localDirs.get());
      peakLocalBytes = Math.max(peakLocalBytes, usage[0]);
      peakLocalFiles = Math.max(peakLocalFiles, usage[1]);
    }
  }

  /** Stops sampling (one last sample first) and gives the stage's figures. */
  public StageFigures stop(long frames) {
    running = false;
    sampler.interrupt();
    try {
      sampler.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sample(true);
    double seconds = (System.nanoTime() - started) / 1e9;
    return new StageFigures(stage, seconds, frames, frames / Math.max(1e-9, seconds), peakRss, peakRssAnon,
        peakRssFile, peakNative, peakDirect, peakHeap, peakLiveHeap, peakOutsideHeap, peakLocalBytes, peakLocalFiles);
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }

  /** VmRSS, RssAnon and RssFile of /proc/self/status in bytes, read at once; empty where /proc is not there. */
  static Map<String, Long> statusBytes() {
    Map<String, Long> fields = new HashMap<>();
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
      lines.filter(l -> l.startsWith("VmRSS:") || l.startsWith("RssAnon:") || l.startsWith("RssFile:"))
          .forEach(l -> fields.put(l.substring(0, l.indexOf(':')), Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024));
    } catch (IOException | RuntimeException e) {
      // no /proc: JavaCPP's reading of the resident set stands in
    }
    return fields;
  }

  /**
   * The heap left by the last collection of each heap pool. Its peak over a stage is the measure that would show a
   * film-sized structure on the heap (the heap in use, peakHeap, mostly shows when the collector ran); it is an upper
   * bound of the live heap, since G1's young collections leave promoted garbage in the old generation until a mixed
   * or full one. {@code jcmd PID GC.class_histogram} (a full collection) gives the live set exactly.
   */
  private static long liveHeapBytes() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null)
        .mapToLong(p -> p.getCollectionUsage().getUsed()).sum();
  }

  private static long directBytes() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
  }

  /** {bytes, files} under the directories; files vanishing during the walk are skipped. */
  static long[] usage(List<Path> dirs) {
    long bytes = 0;
    long files = 0;
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          try {
            if (Files.isRegularFile(p)) {
              bytes += Files.size(p);
              files++;
            }
          } catch (IOException gone) {
            // a shuffle file deleted between listing and reading its size
          }
        }
      } catch (IOException | java.io.UncheckedIOException gone) {
        // the directory went (Spark removes a stopped context's): what was counted stands
      }
    }
    return new long[] {bytes, files};
  }
}
