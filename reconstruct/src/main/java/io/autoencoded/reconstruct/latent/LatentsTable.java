package io.autoencoded.reconstruct.latent;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.store.StoreLayout;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The latents table ({@code STORE/latents/film_id=ID/}, written by reconstruct): the latent mean of every frame of
 * every reconstructed film, read with Spark as {@code film_id} STRING, {@code frame_index} BIGINT and {@code latent}
 * ARRAY&lt;FLOAT&gt;.
 */
public final class LatentsTable {
  public static final String FILM_ID = "film_id";
  public static final String FRAME_INDEX = "frame_index";
  public static final String LATENT = "latent";

  private final SparkSession spark;
  private final StoreLayout layout;
  private final FileSystem fs;

  public LatentsTable(SparkSession spark, StoreLayout layout, FileSystem fs) {
    this.spark = spark;
    this.layout = layout;
    this.fs = fs;
  }

  /** Whether a film has latents yet (a reconstruct of it has finished). */
  public boolean has(String filmId) throws IOException {
    Path dir = layout.latentsOf(filmId);
    if (!fs.exists(dir)) {
      return false;
    }
    for (FileStatus s : fs.listStatus(dir)) {
      if (s.isFile() && s.getPath().getName().endsWith(".parquet")) {
        return true;
      }
    }
    return false;
  }

  /** Refuses a film without latents, naming the command that makes them. */
  public void require(String filmId) throws IOException {
    if (!has(filmId)) {
      throw new UserException("Film '" + filmId + "' has no latents yet (nothing in " + layout.latentsOf(filmId)
          + "): reconstruct it first (autoencoded reconstruct --film-id " + filmId + " --out " + filmId
          + ".mp4), which writes them.");
    }
  }

  /** The rows of the given films (each must have latents). */
  public Dataset<Row> of(List<String> films) {
    // the film id is taken from the partition directory's name; as a string whatever it looks like (an id such as
    // "1982" would otherwise be read as a number)
    spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    String[] paths = films.stream().map(f -> layout.latentsOf(f).toString()).toArray(String[]::new);
    return spark.read().option("basePath", layout.latents().toString()).parquet(paths)
        .select(functions.col(FILM_ID), functions.col(FRAME_INDEX), functions.col(LATENT));
  }

  /** The latent mean of one frame, as stored; a frame the table lacks is the user's to fix by reconstructing. */
  public float[] codeOf(FilmFrame frame) {
    List<Row> rows = of(List.of(frame.filmId())).where(functions.col(FRAME_INDEX).equalTo(frame.frame()))
        .select(LATENT).limit(1).collectAsList();
    if (rows.isEmpty()) {
      throw new UserException("Frame " + frame.frame() + " of film '" + frame.filmId() + "' has no latent code in "
          + layout.latentsOf(frame.filmId()) + " (the film changed since it was reconstructed): reconstruct it "
          + "again (autoencoded reconstruct --film-id " + frame.filmId() + " --out " + frame.filmId() + ".mp4).");
    }
    return codeOf(rows.get(0), 0);
  }

  /** The code in column {@code column} of a row. */
  public static float[] codeOf(Row row, int column) {
    List<Float> values = row.getList(column);
    float[] code = new float[values.size()];
    for (int i = 0; i < code.length; i++) {
      code[i] = values.get(i);
    }
    return code;
  }
}
