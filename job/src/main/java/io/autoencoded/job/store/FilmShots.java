package io.autoencoded.job.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A film's division into shots by its hard cuts: every frame in exactly one shot, the shots in film order.
 * It is derived from the frames of one ingest of the film ({@code filmIngestedAt}) by one version of the cut
 * detector ({@code detector}); a table made from other frames or by another detector is stale.
 */
public record FilmShots(@JsonProperty("film_id") String filmId, @JsonProperty("frames") long frameCount,
    @JsonProperty("film_ingested_at") String filmIngestedAt, @JsonProperty("detector") String detector,
    @JsonProperty("shots") List<Shot> shots) implements Serializable {

  public FilmShots {
    shots = List.copyOf(shots);
    long next = 0;
    for (int i = 0; i < shots.size(); i++) {
      Shot s = shots.get(i);
      if (s.index() != i || s.firstFrame() != next) {
        throw new IllegalArgumentException("shot " + i + " of " + filmId + " does not follow the one before it");
      }
      next = s.endFrame();
    }
    if (next != frameCount) {
      throw new IllegalArgumentException("the shots of " + filmId + " cover " + next + " frames, not " + frameCount);
    }
  }

  /**
   * The shots of a film of {@code frameCount} frames cut before each frame of {@code cuts} (increasing, each in
   * 1..frameCount-1), with each cut's score.
   */
  public static FilmShots fromCuts(String filmId, long frameCount, String filmIngestedAt, String detector,
      long[] cuts, double[] scores) {
    if (cuts.length != scores.length) {
      throw new IllegalArgumentException(cuts.length + " cuts but " + scores.length + " scores");
    }
    List<Shot> shots = new ArrayList<>(cuts.length + 1);
    if (frameCount == 0) {
      return new FilmShots(filmId, 0, filmIngestedAt, detector, shots);
    }
    long first = 0;
    for (int i = 0; i <= cuts.length; i++) {
      long end = i < cuts.length ? cuts[i] : frameCount;
      shots.add(new Shot(i, first, end - first, i == 0 ? null : scores[i - 1]));
      first = end;
    }
    return new FilmShots(filmId, frameCount, filmIngestedAt, detector, shots);
  }

  /** The first frame of every shot but the first: where the cuts are. */
  public long[] cuts() {
    return shots.stream().skip(1).mapToLong(Shot::firstFrame).toArray();
  }

  /** The shot holding {@code frame}. */
  public Shot shotOf(long frame) {
    if (frame < 0 || frame >= frameCount) {
      throw new IndexOutOfBoundsException("frame " + frame + " of a film of " + frameCount);
    }
    int lo = 0; // the last shot starting at or before the frame: shots.get(lo).firstFrame() <= frame
    int hi = shots.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (shots.get(mid).firstFrame() <= frame) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return shots.get(lo);
  }

  /** Whether no cut lies between frames {@code a} and {@code b}. */
  public boolean sameShot(long a, long b) {
    return shotOf(a).index() == shotOf(b).index();
  }

  /** Whether this table was made from the frames the registry now holds for the film, by {@code detector}. */
  public boolean describes(FilmRecord film, String currentDetector) {
    return film.filmId().equals(filmId) && film.frameCount() == frameCount
        && film.ingestedAt().equals(filmIngestedAt) && currentDetector.equals(detector);
  }
}
