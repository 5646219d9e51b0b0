package io.autoencoded.job.spark;

import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.scratch.ProcessScratch;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Opens the Spark session a job runs in. Under spark-submit the master and deploy settings come from
 * spark-submit; run in-process (the launcher's local mode, tests) the --master option decides.
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession open(Invocation invocation, Settings settings, String appName) {
    return open(invocation.master(), settings, appName);
  }

  public static SparkSession open(String master, Settings settings, String appName) {
    SparkConf conf = new SparkConf(true);
    boolean submitted = conf.contains("spark.master");
    if (!submitted) {
      conf.setMaster(master);
    }
    conf.setIfMissing("spark.app.name", "autoencoded " + appName);
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.sql.shuffle.partitions", "8");
      // Spark's block manager and shuffle files: in this process's scratch directory, so that those of a
      // process killed with SIGKILL are removed by the next one, with the rest of its temporary files
      conf.setIfMissing("spark.local.dir", ProcessScratch.directory().toString());
    }
    conf.setIfMissing("spark.sql.parquet.compression.codec", "zstd");
    for (Map.Entry<String, String> e : settings.spark().conf().entrySet()) {
      conf.setIfMissing(e.getKey(), e.getValue());
    }
    // A frame row is a whole picture (110 KB at 256x144): Spark's vectorized Parquet reader fills batches of 4,096
    // rows by default, and its binary column reserves a contiguous array for the batch's pixels, up to 450 MB per
    // reading task, doubling as it grows. Training reads frames through it; with a 1 GB heap that ran out of memory
    // (docs/PERFORMANCE.md, Film scale). 64 rows (7 MB at 256x144) keep a task's read buffer small whatever the
    // film; the batch size costs nothing measurable at rows this wide. After the user's spark.conf, so it can be set.
    conf.setIfMissing("spark.sql.parquet.columnarReaderBatchSize", "64");
    SparkSession session = SparkSession.builder().config(conf).getOrCreate();
    session.sparkContext().setLogLevel("WARN");
    return session;
  }
}
