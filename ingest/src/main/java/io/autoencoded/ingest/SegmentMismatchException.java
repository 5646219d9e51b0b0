package io.autoencoded.ingest;

/**
 * A segment's decode disagreed with its plan (a different count or different timestamps): the container's
 * seeking or timestamps are not precise enough for a parallel decode. The ingest then decodes the film
 * sequentially instead; nothing from the failed attempt is published.
 */
public class SegmentMismatchException extends RuntimeException {
  static final String MARKER = "segment plan mismatch";

  public SegmentMismatchException(String detail) {
    super(MARKER + ": " + detail);
  }
}
