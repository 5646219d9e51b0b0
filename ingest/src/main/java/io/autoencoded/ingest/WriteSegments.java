package io.autoencoded.ingest;

import io.autoencoded.job.store.FrameRow;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.LongAccumulator;

/**
 * The Spark side of a segment: a task decodes each of its segments and streams the frames straight into
 * Parquet files of the frame store (no Spark rows in between), one frame in memory at a time besides the
 * row group being written, and reports what it wrote.
 */
final class WriteSegments implements FlatMapFunction<Iterator<Segment>, WriteSegments.Written> {
  /** What one segment wrote: its frame count and its last (largest) pts_us, or -1 when it wrote none. */
  record Written(int segment, long frames, long lastPtsUs) implements Serializable {}

  private final FilmSource source;
  private final StreamClock clock;
  private final FitGeometry geometry;
  private final ScalingFilter scaling;
  private final DecoderThreads decoderThreads;
  private final LongAccumulator decoded;
  private final FrameFiles files;

  WriteSegments(FilmSource source, StreamClock clock, FitGeometry geometry, ScalingFilter scaling,
      DecoderThreads decoderThreads, LongAccumulator decoded, FrameFiles files) {
    this.source = source;
    this.clock = clock;
    this.geometry = geometry;
    this.scaling = scaling;
    this.decoderThreads = decoderThreads;
    this.decoded = decoded;
    this.files = files;
  }

  @Override
  public Iterator<Written> call(Iterator<Segment> segments) throws IOException {
    List<Written> written = new ArrayList<>();
    if (!segments.hasNext()) {
      return written.iterator();
    }
    Path film = source.localFile(new Configuration());
    TaskContext task = TaskContext.get();
    long attempt = task == null ? 0 : task.taskAttemptId();
    while (segments.hasNext()) {
      written.add(write(film, segments.next(), attempt));
    }
    return written.iterator();
  }

  private Written write(Path film, Segment segment, long attempt) throws IOException {
    long lastPtsUs = -1;
    int part = 0;
    FrameFiles.Writer out = null;
    try (SegmentFrames frames = new SegmentFrames(film, source.given(), segment, clock, geometry, scaling,
        decoderThreads.forSegment(segment.index()))) {
      while (frames.hasNext()) {
        FrameRow frame = frames.next();
        if (out == null) {
          out = files.open(segment.index(), part++, attempt);
        }
        out.write(frame);
        decoded.add(1);
        lastPtsUs = Math.max(lastPtsUs, frame.ptsUs());
        if (out.frames() >= files.recordsPerFile()) {
          FrameFiles.Writer full = out;
          out = null;
          full.commit();
        }
      }
      if (out != null) {
        FrameFiles.Writer last = out;
        out = null;
        last.commit();
      }
      return new Written(segment.index(), frames.emitted(), lastPtsUs);
    } catch (IOException | RuntimeException e) {
      if (out != null) {
        out.abort();
      }
      throw e;
    }
  }
}
