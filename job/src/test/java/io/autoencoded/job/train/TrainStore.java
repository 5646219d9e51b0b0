package io.autoencoded.job.train;

import io.autoencoded.job.config.Settings;
import io.autoencoded.job.config.SettingsLoader;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.testing.MiniHdfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** An HDFS store (MiniDFSCluster) for the training tests, and synthetic films written in the frame schema. */
final class TrainStore implements AutoCloseable {
  private final MiniHdfs hdfs;
  private SparkSession spark;
  private int stores;

  TrainStore() {
    try {
      hdfs = MiniHdfs.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One Spark local[2] session for the test class, stopped with the store. */
  SparkSession spark() {
    if (spark == null) {
      spark = SparkSessions.open("local[2]", settings("file:/tmp/unused", Map.of()), "train-test");
    }
    return spark;
  }

  /** A fresh, empty store root on the cluster. */
  String newRoot() {
    return hdfs.store("store" + (++stores));
  }

  static Settings settings(String root, Map<String, String> overrides) {
    Map<String, String> sets = new LinkedHashMap<>();
    sets.put("store.root", root);
    sets.put("frames.height", "16");
    sets.put("frames.width", "32");
    sets.put("model.latent", "8");
    sets.put("model.filters", "4");
    sets.put("train.epochs", "1");
    sets.put("train.workers", "2");
    sets.put("train.batch-size", "4");
    sets.put("train.averaging-frequency", "2");
    sets.put("train.learning-rate", "0.01");
    sets.put("train.samples", "3");
    sets.putAll(overrides);
    return SettingsLoader.load(List.of(), sets);
  }

  /** A film of moving colour gratings (a handful of basis images explain every frame). */
  static void writeFilm(SparkSession spark, String root, String id, int frames, int height, int width, int phase)
      throws IOException {
    SyntheticFilm.write(spark, new StoreLayout(root), id, frames, height, width, phase);
  }

  @Override
  public void close() {
    if (spark != null) {
      spark.stop();
    }
    hdfs.close();
  }
}
