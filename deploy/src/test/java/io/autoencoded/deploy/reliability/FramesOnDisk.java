package io.autoencoded.deploy.reliability;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** The rows of a film's frame store as (frame index, pts, SHA-256 of the pixels), read back with Spark. */
final class FramesOnDisk {
  private FramesOnDisk() {}

  static List<String> rows(Path framesDir) {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("read frames")
        .config("spark.ui.enabled", "false").getOrCreate();
    return spark.read().parquet(framesDir.toString())
        .select(functions.col("frame_index"), functions.col("pts_us"), functions.sha2(functions.col("pixels"), 256))
        .orderBy("frame_index").collectAsList().stream()
        .map((Row r) -> r.getLong(0) + " " + r.getLong(1) + " " + r.getString(2)).toList();
  }
}
