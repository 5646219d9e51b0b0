package io.autoencoded.ingest;

import io.autoencoded.job.store.FrameSchema;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;

/** The Spark side of a segment: a task's segments as a lazy iterator of frame-store rows. */
final class DecodeSegments implements FlatMapFunction<Iterator<Segment>, Row> {
  private final FilmSource source;
  private final StreamClock clock;
  private final FitGeometry geometry;
  private final int decoderThreads;
  private final LongAccumulator decoded;

  DecodeSegments(FilmSource source, StreamClock clock, FitGeometry geometry, int decoderThreads,
      LongAccumulator decoded) {
    this.decoded = decoded;
    this.source = source;
    this.clock = clock;
    this.geometry = geometry;
    this.decoderThreads = decoderThreads;
  }

  @Override
  public Iterator<Row> call(Iterator<Segment> segments) {
    if (!segments.hasNext()) {
      return Collections.emptyIterator();
    }
    Path file = source.localFile(new Configuration());
    return new Iterator<>() {
      private SegmentFrames current;

      @Override
      public boolean hasNext() {
        while (current == null || !current.hasNext()) {
          if (!segments.hasNext()) {
            return false;
          }
          SegmentFrames frames = new SegmentFrames(file, source.given(), segments.next(), clock, geometry,
              decoderThreads);
          TaskContext task = TaskContext.get();
          if (task != null) {
            // a failed or cancelled task still releases the native decoder
            task.addTaskCompletionListener((TaskCompletionListener) ctx -> frames.close());
          }
          current = frames;
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        decoded.add(1);
        return FrameSchema.toRow(current.next());
      }
    };
  }
}
