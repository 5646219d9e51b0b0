package io.autoencoded.ingest;

import java.io.Serializable;

/**
 * One Spark task's share of a film: the frames whose presentation timestamps fall in [startPts, endPts), in
 * the video stream's time base, numbered from {@code firstFrame}. The task seeks to the keyframe that starts it,
 * shown at {@code startPts} and decoded at {@code seekTs} (timestamps, never a frame number), unless
 * {@code seekTs} is {@link FilmScan#NO_TS} (decode from the start).
 * A planned segment knows how many frames it must yield and the first and last of their timestamps, and fails
 * when the decoder disagrees; an unplanned one ({@code frameCount < 0}) is a whole-film sequential decode.
 *
 * @param originPts the film's first presentation timestamp (pts_us is relative to it); NO_TS: the first
 *                  frame this segment decodes
 */
public record Segment(int index, long startPts, long endPts, long seekTs, long firstFrame, long frameCount,
    long firstFramePts, long lastFramePts, long originPts) implements Serializable {

  public static Segment wholeFilm() {
    return new Segment(0, Long.MIN_VALUE, Long.MAX_VALUE, FilmScan.NO_TS, 0, -1, FilmScan.NO_TS, FilmScan.NO_TS,
        FilmScan.NO_TS);
  }

  public boolean planned() {
    return frameCount >= 0;
  }

  public boolean seeks() {
    return seekTs != FilmScan.NO_TS;
  }

  public boolean contains(long pts) {
    return pts >= startPts && pts < endPts;
  }
}
