package io.autoencoded.job.train;

import io.autoencoded.job.config.Settings;
import io.autoencoded.job.config.SettingsLoader;
import io.autoencoded.job.store.StoreLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;

/** An HDFS store (MiniDFSCluster) for the training tests, and synthetic films written in the frame schema. */
final class TrainStore implements AutoCloseable {
  private final MiniDFSCluster cluster;
  private int stores;

  TrainStore() {
    try {
      Path base = Files.createTempDirectory(Path.of("target"), "minidfs-train");
      Configuration conf = new Configuration();
      conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toAbsolutePath().toString());
      cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
      cluster.waitActive();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh, empty store root on the cluster. */
  String newRoot() {
    return cluster.getURI().toString() + "/store" + (++stores);
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
    cluster.shutdown();
  }
}
