package io.autoencoded.job.train;

import io.autoencoded.job.config.Settings;
import io.autoencoded.job.config.SettingsLoader;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.FrameRow;
import io.autoencoded.job.store.FrameSchema;
import io.autoencoded.job.store.StoreLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
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

  /**
   * A film of moving colour gratings (structured: a handful of basis images explain every frame, so a model that
   * learns anything shows it in its error).
   */
  static void writeFilm(SparkSession spark, String root, String id, int frames, int height, int width, int phase)
      throws IOException {
    StoreLayout layout = new StoreLayout(root);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      byte[] px = new byte[height * width * 3];
      for (int y = 0, p = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          for (int c = 0; c < 3; c++, p++) {
            double v = 127.5 + 110 * Math.sin(0.4 * x + 0.3 * (c + 1) * y + 0.2 * i + phase + c);
            px[p] = (byte) Math.max(0, Math.min(255, Math.round(v)));
          }
        }
      }
      rows.add(FrameSchema.toRow(new FrameRow(i, i * 40_000L, height, width, 3, px)));
    }
    spark.createDataFrame(rows, FrameSchema.SCHEMA).repartition(2).write().parquet(layout.framesOf(id).toString());
    new FilmRegistry(layout, spark.sparkContext().hadoopConfiguration()).put(new FilmRecord(id, "synthetic:" + id,
        "0".repeat(64), 0, frames, 25, 1, frames * 40_000L, width, height, width, height, "rawvideo", false, 0,
        java.time.Instant.now().toString()));
  }

  @Override
  public void close() {
    cluster.shutdown();
  }
}
