package io.autoencoded.job.train;

import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.FrameRow;
import io.autoencoded.job.store.FrameSchema;
import io.autoencoded.job.store.StoreLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Generated films written straight into the frame store (Parquet in the frame schema plus a registry entry),
 * for the training benchmark and tests: moving colour gratings, structured enough that a model visibly learns.
 */
public final class SyntheticFilm {
  private SyntheticFilm() {}

  public static byte[] frame(int index, int height, int width, int phase) {
    byte[] px = new byte[height * width * 3];
    double fx = 0.4 * 32.0 / width;
    double fy = 0.3 * 16.0 / height;
    for (int y = 0, p = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < 3; c++, p++) {
          double v = 127.5 + 110 * Math.sin(fx * x + fy * (c + 1) * y + 0.2 * index + phase + c);
          px[p] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    }
    return px;
  }

  public static void write(SparkSession spark, StoreLayout layout, String id, int frames, int height, int width,
      int phase) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      rows.add(FrameSchema.toRow(new FrameRow(i, i * 40_000L, height, width, 3, frame(i, height, width, phase))));
    }
    spark.createDataFrame(rows, FrameSchema.SCHEMA).repartition(Math.max(2, frames / 256))
        .write().parquet(layout.framesOf(id).toString());
    new FilmRegistry(layout, spark.sparkContext().hadoopConfiguration()).put(new FilmRecord(id, "synthetic:" + id,
        "0".repeat(64), 0, frames, 25, 1, frames * 40_000L, width, height, width, height, "rawvideo", false, 0,
        java.time.Instant.now().toString()));
  }
}
