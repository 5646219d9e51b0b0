package io.autoencoded.job.store;

import java.io.Serializable;

/**
 * A film's registry entry. {@code frameRateNum/frameRateDen} is the film's own frame rate as a rational
 * (e.g. 24000/1001) so that the reconstruction can be muxed at exactly the input's rate.
 *
 * @param source        where it was ingested from (as the user gave it)
 * @param sha256        checksum of the source file's bytes: re-ingesting the same file is a no-op
 * @param frameCount    rows stored under frames/film_id=ID
 * @param durationUs    presentation time of the last frame plus one frame duration
 * @param sourceWidth   the film's own frame size, before fitting
 * @param width         the stored (training) frame size
 * @param hasAudio      whether audio/ID.mka holds the film's soundtrack
 * @param ingestedAt    ISO-8601 instant of publication
 */
public record FilmRecord(
    String filmId, String source, String sha256, long sourceBytes, long frameCount,
    int frameRateNum, int frameRateDen, long durationUs, int sourceWidth, int sourceHeight,
    int width, int height, String videoCodec, boolean hasAudio, long framesLost, String ingestedAt)
    implements Serializable {

  public double frameRate() {
    return (double) frameRateNum / frameRateDen;
  }
}
