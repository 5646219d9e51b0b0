package io.autoencoded.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.autoencoded.job.store.FrameSchema;
import io.autoencoded.job.store.StoreLayout;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/** A film as read back from the frame store with Spark: per frame, index, pts and a digest of the pixels. */
record StoredFilm(long[] index, long[] ptsUs, List<String> digests, int height, int width) {

  static StoredFilm read(SparkSession spark, StoreLayout layout, String filmId) {
    Dataset<Row> df = spark.read().parquet(layout.framesOf(filmId).toString());
    StructField[] fields = df.schema().fields();
    assertEquals(FrameSchema.SCHEMA.fields().length, fields.length, "column count");
    for (int i = 0; i < fields.length; i++) {
      assertEquals(FrameSchema.SCHEMA.fields()[i].name(), fields[i].name());
      assertEquals(FrameSchema.SCHEMA.fields()[i].dataType(), fields[i].dataType());
    }
    List<Row> rows = df.select(functions.col(FrameSchema.FRAME_INDEX), functions.col(FrameSchema.PTS_US),
            functions.sha1(functions.col(FrameSchema.PIXELS)), functions.col(FrameSchema.HEIGHT),
            functions.col(FrameSchema.WIDTH), functions.col(FrameSchema.CHANNELS),
            functions.length(functions.col(FrameSchema.PIXELS)))
        .orderBy(FrameSchema.FRAME_INDEX).collectAsList();
    long[] index = new long[rows.size()];
    long[] pts = new long[rows.size()];
    List<String> digests = new ArrayList<>();
    int h = 0;
    int w = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      index[i] = r.getLong(0);
      pts[i] = r.getLong(1);
      digests.add(r.getString(2));
      h = r.getInt(3);
      w = r.getInt(4);
      assertEquals(3, r.getInt(5));
      assertEquals(h * w * 3, r.getInt(6));
    }
    return new StoredFilm(index, pts, digests, h, w);
  }

  int frames() {
    return index.length;
  }

  /** Indexes 0..N-1, each once; pts strictly increasing from 0. */
  void assertContiguous() {
    for (int i = 0; i < index.length; i++) {
      assertEquals(i, index[i], "frame_index at position " + i);
      if (i == 0) {
        assertEquals(0, ptsUs[0], "first pts_us");
      } else if (ptsUs[i] <= ptsUs[i - 1]) {
        throw new AssertionError("pts_us not increasing at frame " + i + ": " + ptsUs[i - 1] + " then " + ptsUs[i]);
      }
    }
  }

  /** Frame i stored == frame i of the independent sequential decode, byte for byte. */
  void assertMatches(List<String> reference) {
    assertEquals(reference.size(), digests.size(), "frame count vs a sequential decode");
    for (int i = 0; i < reference.size(); i++) {
      if (!reference.get(i).equals(digests.get(i))) {
        int found = reference.indexOf(digests.get(i));
        throw new AssertionError("stored frame " + i + " differs from the sequential decode's frame " + i
            + (found >= 0 ? " (it equals the sequential frame " + found + ")" : ""));
      }
    }
  }
}
