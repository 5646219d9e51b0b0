package io.autoencoded.reconstruct;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.reconstruct.latent.ContactSheet;
import io.autoencoded.reconstruct.latent.FilmFrame;
import io.autoencoded.reconstruct.latent.LatentsTable;
import io.autoencoded.reconstruct.latent.Neighbour;
import io.autoencoded.reconstruct.model.BatchReconstructor;
import io.autoencoded.reconstruct.model.DriverModel;
import io.autoencoded.reconstruct.model.ModelLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * The k frames whose latent means lie closest (Euclidean) to one frame's, in the named films: a Spark job over the
 * latents table in which every partition keeps only its k nearest in a bounded heap and the driver merges those
 * ({@code takeOrdered}), so a search over hundreds of films sends k rows per partition to the driver, never the table.
 * Then a contact sheet of the query and its neighbours, each as stored and as the model reconstructs it.
 */
final class NearestJob {
  /** A contact sheet of more columns than this is no longer a picture anyone can read. */
  static final int MAX_K = 100;

  private NearestJob() {}

  /** The query, the neighbours found (nearest first: the query itself when its film is searched) and the sheet. */
  record Result(FilmFrame query, List<String> films, List<Neighbour> neighbours, java.nio.file.Path sheet) {}

  static Result run(SparkSession spark, Settings settings, FilmFrame query, List<String> in, int k,
      java.nio.file.Path sheet, Optional<String> modelOption, ModelLoader loader, PrintStream console)
      throws IOException {
    if (k < 1 || k > MAX_K) {
      throw new UserException("--k needs a whole number from 1 to " + MAX_K + ", got " + k + ": write e.g. --k 8.");
    }
    StoreLayout layout = new StoreLayout(settings.store().root());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    FileSystem fs = StoreFileSystem.of(layout, hadoop);
    FilmRegistry registry = new FilmRegistry(layout, hadoop);
    FilmRecord queryFilm = query.require(registry);
    LatentsTable table = new LatentsTable(spark, layout, fs);
    table.require(query.filmId());
    List<String> films = new ArrayList<>();
    long total = 0;
    if (in.isEmpty()) {
      // every film of the store that has latents; the others are said, not fatal: the user named none of them
      for (FilmRecord f : registry.list()) {
        if (table.has(f.filmId())) {
          films.add(f.filmId());
          total += f.frameCount();
        } else {
          console.println("nearest: film '" + f.filmId() + "' has no latents yet (autoencoded reconstruct --film-id "
              + f.filmId() + " writes them): not searched");
        }
      }
    } else {
      for (String id : in) {
        if (films.contains(id)) {
          continue;
        }
        FilmRecord f = registry.require(StoreLayout.checkFilmId(id));
        table.require(id);
        films.add(id);
        total += f.frameCount();
      }
    }
    // the model only draws the sheet; opened before the search so that a missing one fails before minutes of work
    DriverModel model = DriverModel.open(layout, fs, hadoop, modelOption, loader);
    float[] code = table.codeOf(query);
    String label = "nearest " + query;
    console.println(String.format(Locale.ROOT, "%s: the %d nearest of about %d frames in %d film%s (%s)", label, k,
        total, films.size(), films.size() == 1 ? "" : "s", String.join(", ", films)));

    ReconstructSettings rs = ReconstructSettings.from(settings.config());
    LongAccumulator done = spark.sparkContext().longAccumulator("latents compared");
    JavaRDD<Neighbour> distances = table.of(films).javaRDD().map(row -> distanceOf(row, code, done));
    List<Neighbour> nearest;
    spark.sparkContext().setJobDescription(label);
    try (ProgressReporter progress = new ProgressReporter(spark.sparkContext(), done, total, rs.progressIntervalS(),
        console, label)) {
      nearest = List.copyOf(distances.takeOrdered(k, Neighbour.NEAREST_FIRST));
    } catch (Exception e) { // Spark throws its checked SparkException undeclared
      throw ReconstructJob.jobFailure(e, "nearest-neighbour search");
    }
    console.println(String.format(Locale.ROOT, "%s: compared %d latents", label, done.value()));
    contactSheet(fs, hadoop, layout, registry, model, query, nearest, sheet);
    console.println(label + ": contact sheet " + sheet.toAbsolutePath().normalize());
    return new Result(query, List.copyOf(films), nearest, sheet.toAbsolutePath().normalize());
  }

  private static Neighbour distanceOf(Row row, float[] query, LongAccumulator done) {
    float[] code = LatentsTable.codeOf(row, 2);
    String film = row.getString(0);
    if (code.length != query.length) {
      throw new UserException("The latents of film '" + film + "' have " + code.length + " numbers a frame but the "
          + "query's have " + query.length + ": they were made by models of different latent sizes; search only "
          + "films reconstructed with the query's model (--in FILM), or reconstruct '" + film + "' again with it.");
    }
    done.add(1);
    return new Neighbour(film, row.getLong(1), Neighbour.distance(query, code));
  }

  /** The query and its neighbours, stored and reconstructed by the model, into one PNG. */
  private static void contactSheet(FileSystem fs, Configuration hadoop, StoreLayout layout, FilmRegistry registry,
      DriverModel model, FilmFrame query, List<Neighbour> nearest, java.nio.file.Path sheet) throws IOException {
    List<ContactSheet.Entry> entries = new ArrayList<>();
    try (BatchReconstructor reconstructor = new BatchReconstructor(model.model())) {
      entries.add(entry(fs, hadoop, layout, registry, model, reconstructor, query.filmId(), query.frame(),
          "query", query.toString()));
      for (int i = 0; i < nearest.size(); i++) {
        Neighbour n = nearest.get(i);
        entries.add(entry(fs, hadoop, layout, registry, model, reconstructor, n.filmId(), n.frameIndex(),
            (i + 1) + ". " + n.filmId() + "#" + n.frameIndex(), ContactSheet.distance(n.distance())));
      }
    }
    ContactSheet.write(entries, sheet);
  }

  private static ContactSheet.Entry entry(FileSystem fs, Configuration hadoop, StoreLayout layout,
      FilmRegistry registry, DriverModel model, BatchReconstructor reconstructor, String filmId, long frame,
      String title, String detail) throws IOException {
    FilmRecord film = registry.require(filmId);
    byte[] original = FrameRangeReader.pixelsOf(fs, hadoop, layout, filmId, frame);
    boolean fits = film.height() == model.model().height() && film.width() == model.model().width();
    Optional<byte[]> rec = fits
        ? Optional.of(reconstructor.pixelsOf(reconstructor.run(List.of(original)), 0)) : Optional.empty();
    return new ContactSheet.Entry(title, detail, original, rec, film.height(), film.width());
  }
}
