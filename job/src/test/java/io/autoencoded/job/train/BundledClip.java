package io.autoencoded.job.train;

import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.FrameRow;
import io.autoencoded.job.store.FrameSchema;
import io.autoencoded.job.store.StoreLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** The bundled CC0 clip decoded (FFmpeg via JavaCV, scaled by swscale) into a frame store, for the tests. */
final class BundledClip {
  static final Path CLIP = Path.of("..", "deploy", "demo", "cityCC0.mpg");

  private BundledClip() {}

  static boolean present() {
    return Files.isRegularFile(CLIP);
  }

  /** Every {@code step}-th frame, up to {@code max} frames, at height x width, stored as film {@code id}. */
  static int write(SparkSession spark, String root, String id, int height, int width, int step, int max)
      throws IOException {
    List<Row> rows = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(CLIP.toFile())) {
      grabber.setImageWidth(width);
      grabber.setImageHeight(height);
      grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
      grabber.start();
      Frame frame;
      int decoded = 0;
      while (rows.size() < max && (frame = grabber.grabImage()) != null) {
        if (decoded++ % step != 0) {
          continue;
        }
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        byte[] px = new byte[height * width * 3];
        for (int y = 0; y < height; y++) {
          buf.position(y * frame.imageStride);
          buf.get(px, y * width * 3, width * 3);
        }
        long index = rows.size();
        rows.add(FrameSchema.toRow(new FrameRow(index, index * 40_000L * step, height, width, 3, px)));
      }
      grabber.stop();
    }
    StoreLayout layout = new StoreLayout(root);
    spark.createDataFrame(rows, FrameSchema.SCHEMA).repartition(2).write().parquet(layout.framesOf(id).toString());
    new FilmRegistry(layout, spark.sparkContext().hadoopConfiguration()).put(new FilmRecord(id, CLIP.toString(),
        "0".repeat(64), 0, rows.size(), 25, step, rows.size() * 40_000L * step, 720, 405, width, height, "mpeg2video",
        false, 0, java.time.Instant.now().toString()));
    return rows.size();
  }
}
