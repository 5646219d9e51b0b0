package io.autoencoded.reconstruct.bench;

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
 * A generated film written straight into a frame store (Parquet in FrameSchema plus its registry entry), for
 * benchmarks that must not depend on decoding a real file: a bright square moving over a changing gradient.
 */
public final class SyntheticFilm {
  private SyntheticFilm() {}

  public static byte[] frame(int i, int height, int width) {
    byte[] rgb = new byte[height * width * 3];
    int side = Math.max(4, height / 4);
    int sx = (i * 4) % Math.max(1, width - side);
    int sy = (i * 3) % Math.max(1, height - side);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        boolean square = x >= sx && x < sx + side && y >= sy && y < sy + side;
        int p = (y * width + x) * 3;
        rgb[p] = (byte) (square ? 250 : (x * 2 + i * 5) % 200);
        rgb[p + 1] = (byte) (square ? 240 : (y * 3 + i * 11) % 200);
        rgb[p + 2] = (byte) (square ? 30 : (i * 37) % 200);
      }
    }
    return rgb;
  }

  public static FilmRecord write(SparkSession spark, StoreLayout layout, String filmId, int frames, int height,
      int width, int rateNum, int rateDen) throws IOException {
    List<Row> rows = new ArrayList<>(frames);
    for (int i = 0; i < frames; i++) {
      long pts = Math.round(i * 1e6 * rateDen / rateNum);
      rows.add(FrameSchema.toRow(new FrameRow(i, pts, height, width, 3, frame(i, height, width))));
    }
    spark.createDataFrame(rows, FrameSchema.SCHEMA).coalesce(1).write().mode("overwrite")
        .parquet(layout.framesOf(filmId).toString());
    long duration = Math.round(frames * 1e6 * rateDen / rateNum);
    FilmRecord record = new FilmRecord(filmId, "synthetic", "0".repeat(64), 0, frames, rateNum, rateDen, duration,
        width, height, width, height, "rawvideo", false, 0, java.time.Instant.now().toString());
    new FilmRegistry(layout, spark.sparkContext().hadoopConfiguration()).put(record);
    return record;
  }
}
