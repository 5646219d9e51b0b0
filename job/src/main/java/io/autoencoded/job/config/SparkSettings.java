package io.autoencoded.job.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spark properties from {@code spark.conf}, passed through untouched, and the native threads each task's model
 * computes with ({@code spark.native-threads-per-task}, 0 = the task's {@code spark.task.cpus}).
 */
public record SparkSettings(Map<String, String> conf, int nativeThreadsPerTask) implements Serializable {
  public static SparkSettings from(Config config) {
    Map<String, String> conf = new TreeMap<>();
    if (config.hasPath("spark.conf")) {
      // entrySet flattens both spark.conf { "spark.a.b" = x } and --set spark.conf.spark.a.b=x into paths
      for (Map.Entry<String, ConfigValue> e : config.getConfig("spark.conf").entrySet()) {
        conf.put(String.join(".", ConfigUtil.splitPath(e.getKey())), String.valueOf(e.getValue().unwrapped()));
      }
    }
    int threads = new ConfigReader(config).intIn("spark.native-threads-per-task", 0, 1024);
    return new SparkSettings(Map.copyOf(conf), threads);
  }
}
