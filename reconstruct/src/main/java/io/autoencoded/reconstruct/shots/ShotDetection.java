package io.autoencoded.reconstruct.shots;

import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmShots;
import io.autoencoded.job.store.ShotTable;
import io.autoencoded.job.store.StoreLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * A film's shots, found once per ingest: the store's shot table when it was made from the film's present frames by
 * the present {@link CutDetector}, otherwise a {@link FrameChangePass} and the detector, whose table is then stored
 * ({@code shots/ID.json}) for the next run. A failed pass throws what Spark throws (its checked SparkException
 * undeclared), as the other passes of a reconstruction do.
 */
public final class ShotDetection {
  private ShotDetection() {}

  public static FilmShots shotsOf(SparkSession spark, Map<String, String> hadoopEntries, List<String> frameFiles,
      FilmRecord film, StoreLayout layout, String label, PrintStream console) throws IOException {
    ShotTable table = new ShotTable(layout, spark.sparkContext().hadoopConfiguration());
    Optional<FilmShots> stored = table.find(film.filmId()).filter(s -> s.describes(film, CutDetector.VERSION));
    if (stored.isPresent()) {
      console.println(String.format(Locale.ROOT, "%s: %d shots (from %s)", label, stored.get().shots().size(),
          layout.shotsOf(film.filmId())));
      return stored.get();
    }
    long t0 = System.nanoTime();
    spark.sparkContext().setJobDescription(label + ": shots");
    List<FrameChange> changes = FrameChangePass.run(JavaSparkContext.fromSparkContext(spark.sparkContext()),
        hadoopEntries, frameFiles, film);
    FilmShots shots = CutDetector.shotsOf(film, changes);
    table.put(shots);
    console.println(String.format(Locale.ROOT, "%s: %d shots (%d hard cuts) found in %.1f s, stored in %s", label,
        shots.shots().size(), shots.cuts().length, (System.nanoTime() - t0) / 1e9, layout.shotsOf(film.filmId())));
    return shots;
  }
}
