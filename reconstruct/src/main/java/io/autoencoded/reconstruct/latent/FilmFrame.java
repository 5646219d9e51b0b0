package io.autoencoded.reconstruct.latent;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.StoreLayout;
import java.io.IOException;

/** One frame of one stored film, as a user names it: {@code --film-id A --frame I}. */
public record FilmFrame(String filmId, long frame) {

  /** The film's registry entry, once the film is known and has this frame; otherwise a one-line error. */
  public FilmRecord require(FilmRegistry registry) throws IOException {
    StoreLayout.checkFilmId(filmId);
    FilmRecord film = registry.require(filmId);
    if (frame < 0 || frame >= film.frameCount()) {
      throw new UserException("Frame " + frame + " is out of range: film '" + filmId + "' has " + film.frameCount()
          + " frames, numbered 0 to " + (film.frameCount() - 1) + "; pass a frame in that range.");
    }
    return film;
  }

  @Override
  public String toString() {
    return filmId + "#" + frame;
  }
}
