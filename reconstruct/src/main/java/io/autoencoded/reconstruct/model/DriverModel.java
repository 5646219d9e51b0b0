package io.autoencoded.reconstruct.model;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.StoreLayout;
import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The model a {@code --model} value names, loaded on the driver: where its checkpoint is, the bytes executors need
 * to load it themselves, and the model itself for the driver's own few frames (a walk's ends, a contact sheet).
 * An unreadable checkpoint or one trained at another frame size is the user's to fix, said in one sentence.
 */
public record DriverModel(Path checkpoint, byte[] forExecutors, ReconstructionModel model) {

  /** Finds ({@link ModelLocator}) and loads the model; {@code model} empty = the store's latest. */
  public static DriverModel open(StoreLayout layout, FileSystem storeFs, Configuration hadoop, Optional<String> model,
      ModelLoader loader) throws IOException {
    ModelLocator locator = new ModelLocator(layout, storeFs, hadoop);
    Path checkpoint = locator.locate(model);
    byte[] read = locator.read(checkpoint);
    ReconstructionModel loaded = load(loader, read, checkpoint);
    return new DriverModel(checkpoint, loader.forExecutors(read), loaded);
  }

  /** Turns a checkpoint's bytes into a model, or a one-line error naming the checkpoint. */
  public static ReconstructionModel load(ModelLoader loader, byte[] bytes, Path checkpoint) {
    try {
      return loader.load(bytes);
    } catch (UserException e) {
      throw e; // already one sentence with the cause and the fix: wrapping it would nest two
    } catch (IOException | RuntimeException e) {
      throw new UserException("The model " + checkpoint + " cannot be read (" + e.getMessage() + "): pass a "
          + "checkpoint written by autoencoded train with --model, or retrain.", e);
    }
  }

  /** Refuses a film stored at another size than the model was trained at. */
  public static void requireSize(ReconstructionModel model, Path checkpoint, FilmRecord film) {
    if (model.height() != film.height() || model.width() != film.width()) {
      throw new UserException("The model " + checkpoint + " was trained at " + model.width() + "x" + model.height()
          + " but film '" + film.filmId() + "' is stored at " + film.width() + "x" + film.height() + ": use a "
          + "model trained at " + film.width() + "x" + film.height() + ", or ingest the film at the model's size "
          + "(--set frames.width=" + model.width() + " --set frames.height=" + model.height() + ").");
    }
  }

  public void requireSize(FilmRecord film) {
    requireSize(model, checkpoint, film);
  }
}
