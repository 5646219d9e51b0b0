package io.autoencoded.deploy.film;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one stage of the film benchmark cost: its wall time and throughput and the peaks {@link StageMeter} saw. In
 * local mode the executors are threads of the driver's JVM, so the peak resident set is driver and executors
 * together. The store's size and file count after the stage are added by the benchmark.
 */
public record StageFigures(String stage, double seconds, long frames, double framesPerSecond, long peakRssBytes,
    long peakRssAnonBytes, long peakRssFileBytes, long peakJavacppBytes, long peakDirectBytes, long peakHeapBytes,
    long peakLiveHeapBytes, long peakRssOutsideHeapBytes, long peakLocalDirBytes, long peakLocalDirFiles) {

  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("wall_s", Math.round(seconds * 1000) / 1000.0);
    m.put("frames", frames);
    m.put("frames_per_s", Math.round(framesPerSecond * 100) / 100.0);
    m.put("peak_rss_mb", mb(peakRssBytes));
    m.put("peak_rss_anon_mb", mb(peakRssAnonBytes));
    m.put("peak_rss_file_mb", mb(peakRssFileBytes));
    m.put("peak_rss_outside_heap_mb", mb(peakRssOutsideHeapBytes));
    m.put("peak_offheap_javacpp_mb", mb(peakJavacppBytes));
    m.put("peak_offheap_direct_mb", mb(peakDirectBytes));
    m.put("peak_heap_used_mb", mb(peakHeapBytes));
    m.put("peak_heap_live_mb", mb(peakLiveHeapBytes));
    m.put("peak_spark_local_mb", mb(peakLocalDirBytes));
    m.put("peak_spark_local_files", peakLocalDirFiles);
    return m;
  }

  static double mb(long bytes) {
    return Math.round(bytes / 1048576.0 * 10) / 10.0;
  }
}
