package io.autoencoded.ingest;

import io.autoencoded.job.store.FrameRow;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The frames of one segment, decoded lazily one at a time (a task never holds more than the current frame):
 * the pictures whose presentation timestamps fall in the segment, numbered from its first frame index.
 * A planned segment checks what it decodes against the plan and throws {@link SegmentMismatchException} on
 * any difference, before the wrong frame is handed on.
 */
public final class SegmentFrames implements Iterator<FrameRow>, AutoCloseable {
  private final VideoDecoder decoder;
  private final Segment segment;
  private final StreamClock clock;
  private final FitGeometry geometry;
  private FrameRow next;
  private boolean done;
  private long emitted;
  private long lastPts = Long.MIN_VALUE;
  private long origin;
  private long skipped;

  public SegmentFrames(Path file, String name, Segment segment, StreamClock clock, FitGeometry geometry,
      ScalingFilter scaling, int decoderThreads) {
    this.segment = segment;
    this.clock = clock;
    this.geometry = geometry;
    this.origin = segment.originPts();
    this.decoder = new VideoDecoder(file, name, geometry, scaling, decoderThreads);
    try {
      if (segment.seeks()) {
        decoder.seekToKeyframe(segment.startPts(), segment.seekTs());
      }
    } catch (RuntimeException e) {
      decoder.close();
      throw e;
    }
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      next = advance();
      if (next == null) {
        done = true;
        finish();
      }
    }
    return next != null;
  }

  @Override
  public FrameRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    FrameRow row = next;
    next = null;
    return row;
  }

  public long emitted() {
    return emitted;
  }

  /** Frames decoded before the segment's first (leading pictures, or an earlier group a seek landed on). */
  long skipped() {
    return skipped;
  }

  private FrameRow advance() {
    while (decoder.next()) {
      long pts = decoder.pts();
      if (segment.planned()) {
        if (pts == FilmScan.NO_TS) {
          throw mismatch("a decoded frame has no timestamp");
        }
        if (pts < segment.startPts()) {
          skipped++;
          continue;
        }
        if (pts >= segment.endPts()) {
          return null;
        }
        if (emitted == 0 && pts != segment.firstFramePts()) {
          throw mismatch("first frame at pts " + pts + ", planned " + segment.firstFramePts());
        }
        if (pts <= lastPts || emitted >= segment.frameCount()) {
          throw mismatch("frame at pts " + pts + " after " + lastPts + " (" + emitted + " of "
              + segment.frameCount() + " frames)");
        }
        return emit(pts, clock.micros(pts - origin));
      }
      long ptsUs;
      if (pts == FilmScan.NO_TS) {
        ptsUs = clock.microsOfFrame(emitted);
      } else {
        if (origin == FilmScan.NO_TS) {
          origin = pts;
        }
        ptsUs = clock.micros(pts - origin);
      }
      return emit(pts, ptsUs);
    }
    return null;
  }

  private FrameRow emit(long pts, long ptsUs) {
    FrameRow row = new FrameRow(segment.firstFrame() + emitted, ptsUs, geometry.height(), geometry.width(), 3,
        decoder.pixels());
    emitted++;
    lastPts = pts;
    return row;
  }

  private void finish() {
    try {
      if (segment.planned() && (emitted != segment.frameCount()
          || emitted > 0 && lastPts != segment.lastFramePts())) {
        throw mismatch("decoded " + emitted + " frames ending at pts " + lastPts + ", planned "
            + segment.frameCount() + " ending at " + segment.lastFramePts());
      }
    } finally {
      close();
    }
  }

  private SegmentMismatchException mismatch(String detail) {
    close();
    return new SegmentMismatchException("segment " + segment.index() + " (frames from " + segment.firstFrame()
        + "): " + detail);
  }

  private boolean closed;

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      decoder.close();
    }
  }
}
