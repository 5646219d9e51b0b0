package io.autoencoded.ingest;

/**
 * What one ingest did.
 *
 * @param noOp       the same file was already stored under this id: nothing was decoded or written
 * @param frames     frames stored for the film
 * @param seconds    wall time of the ingest (0 for a no-op)
 * @param framesLost frames the container claims but that could not be decoded (a truncated or damaged file)
 * @param parallel   whether the film was decoded in parallel segments (false: one sequential task)
 */
public record IngestResult(String filmId, long frames, int frameRateNum, int frameRateDen, double seconds,
    boolean noOp, long framesLost, boolean parallel, int segments) {

  public double fps() {
    return (double) frameRateNum / frameRateDen;
  }

  public double framesPerSecond() {
    return seconds > 0 ? frames / seconds : 0;
  }
}
