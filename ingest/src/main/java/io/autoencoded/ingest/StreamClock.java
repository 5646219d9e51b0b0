package io.autoencoded.ingest;

import java.io.Serializable;

/** The video stream's time base and frame rate: turns timestamps (or, lacking them, frame numbers) into microseconds. */
public record StreamClock(int timeBaseNum, int timeBaseDen, int frameRateNum, int frameRateDen) implements Serializable {

  public static StreamClock of(FilmScan scan) {
    return new StreamClock(scan.timeBaseNum(), scan.timeBaseDen(), scan.frameRateNum(), scan.frameRateDen());
  }

  long micros(long ticks) {
    return Timestamps.micros(ticks, timeBaseNum, timeBaseDen);
  }

  /** For frames without timestamps: the nominal time of frame {@code index}. */
  long microsOfFrame(long index) {
    return Timestamps.micros(index, frameRateDen, frameRateNum);
  }
}
