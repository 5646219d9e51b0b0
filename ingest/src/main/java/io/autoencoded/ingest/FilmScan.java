package io.autoencoded.ingest;

/**
 * What a demux-only pass over a film learns (no decoding): the video stream's properties and, per video
 * packet in file (decode) order, its presentation and decode timestamps (in the stream's time base,
 * {@link #NO_TS} when the container has none) and whether it starts a keyframe.
 *
 * @param claimedFrames frames the container says the stream has (-1 when it does not say)
 * @param claimExact    whether the claim is a count (nb_frames) rather than an estimate from the duration
 * @param containerPackets video packets in the file, empty ones (AVI's dropped frames) included
 * @param readError     the demuxer stopped on an error before the end of the file (a truncated or damaged file)
 */
public record FilmScan(String container, String codec, int sourceWidth, int sourceHeight, int sarNum,
    int sarDen, int timeBaseNum, int timeBaseDen, int frameRateNum, int frameRateDen, long claimedFrames,
    boolean claimExact, boolean hasAudio, String audioCodec, long[] pts, long[] dts, boolean[] key,
    long containerPackets, boolean readError) {

  public static final long NO_TS = Long.MIN_VALUE;

  public int packets() {
    return pts.length;
  }

  /** Microseconds from the stream's first frame to a timestamp in the stream's time base. */
  public long micros(long ts, long firstPts) {
    return Timestamps.micros(ts - firstPts, timeBaseNum, timeBaseDen);
  }
}
