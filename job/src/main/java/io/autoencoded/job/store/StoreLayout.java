package io.autoencoded.job.store;

import io.autoencoded.job.cli.UserException;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * Where everything lives under the store root (CONTRACT.md). Paths only: no I/O here.
 *
 * <pre>
 * frames/film_id=ID/part-*.parquet     one row per frame
 * registry/ID.json                    the film registry entry (source, checksum, counts, rate, size, time)
 * shots/ID.json                       the film's shots (hard cuts found in its frames), beside the registry
 * audio/ID.mka                        the film's audio stream as ingested
 * models/RUN/...                      checkpoints; models/LATEST points at the newest
 * models/RUN/report.html, report/      the run's training report (charts, sample grids, config)
 * latents/film_id=ID/...              frame_index and latent mean per frame
 * reconstructions/ID/...              ordered segments and the muxed video
 * reconstructions/ID/report/          the newest quality report (evaluate, reconstruct)
 * _staging/...                        work in progress, published by rename
 * retrain/TIME.json                  what each retrain run did
 * _locks/...                          exclusive locks (retrain)
 * </pre>
 */
public record StoreLayout(String root) implements Serializable {
  private static final Pattern FILM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public StoreLayout {
    root = normalise(root);
  }

  /** Film ids become directory names: letters, digits, '.', '_' and '-', starting with a letter or digit. */
  public static String checkFilmId(String id) {
    if (id == null || !FILM_ID.matcher(id).matches() || id.contains("..")) {
      throw new UserException("Film id '" + id + "' is not valid: use letters, digits, '.', '_' or '-' "
          + "(up to 128, starting with a letter or digit), e.g. --film-id blade_runner.");
    }
    return id;
  }

  public Path rootPath() {
    return new Path(root);
  }

  public Path frames() {
    return new Path(root, "frames");
  }

  public Path framesOf(String filmId) {
    return new Path(frames(), "film_id=" + checkFilmId(filmId));
  }

  public Path registry() {
    return new Path(root, "registry");
  }

  public Path registryEntry(String filmId) {
    return new Path(registry(), checkFilmId(filmId) + ".json");
  }

  public Path shots() {
    return new Path(root, "shots");
  }

  /** The film's shot table ({@link ShotTable}): derived from its frames, recomputed when they change. */
  public Path shotsOf(String filmId) {
    return new Path(shots(), checkFilmId(filmId) + ".json");
  }

  public Path audio() {
    return new Path(root, "audio");
  }

  public Path audioOf(String filmId) {
    return new Path(audio(), checkFilmId(filmId) + ".mka");
  }

  public Path models() {
    return new Path(root, "models");
  }

  public Path model(String run) {
    return new Path(models(), run);
  }

  /** The run's training report, refreshed at every checkpoint; its pictures are in {@link #runReportFiles}. */
  public Path runReport(String run) {
    return new Path(model(run), "report.html");
  }

  /** The training report's pictures and config, beside {@link #runReport} (the page links them relatively). */
  public Path runReportFiles(String run) {
    return new Path(model(run), "report");
  }

  public Path latestModelPointer() {
    return new Path(models(), "LATEST");
  }

  public Path latents() {
    return new Path(root, "latents");
  }

  public Path latentsOf(String filmId) {
    return new Path(latents(), "film_id=" + checkFilmId(filmId));
  }

  public Path reconstructions() {
    return new Path(root, "reconstructions");
  }

  public Path reconstructionsOf(String filmId) {
    return new Path(reconstructions(), checkFilmId(filmId));
  }

  /** The newest quality report of a film (evaluate's or reconstruct's): report.html, quality.json, pictures. */
  public Path qualityReport(String filmId) {
    return new Path(reconstructionsOf(filmId), "report");
  }

  /** A fresh staging directory for one attempt of one piece of work; published to its target by rename. */
  public Path staging(String what) {
    return new Path(new Path(root, "_staging"), what + "-" + java.util.UUID.randomUUID());
  }

  /** One JSON record per retrain run: what it found, ingested, trained and reconstructed. */
  public Path retrainRecords() {
    return new Path(root, "retrain");
  }

  public Path locks() {
    return new Path(root, "_locks");
  }

  /**
   * Accepts URIs (file:, hdfs:, s3a:, ...) and plain paths; a plain or relative file: path is made absolute
   * against the working directory so that every Spark task sees the same location.
   */
  static String normalise(String root) {
    if (root == null || root.isBlank()) {
      throw new UserException("The store root is empty: pass --store URI or set store.root.");
    }
    String r = root.trim();
    try {
      URI uri = new URI(r);
      if (uri.getScheme() == null || uri.getScheme().length() == 1) {
        return java.nio.file.Path.of(r).toAbsolutePath().normalize().toUri().toString();
      }
      if (uri.getScheme().equals("file") && uri.getRawSchemeSpecificPart() != null
          && !uri.getRawSchemeSpecificPart().startsWith("/")) {
        return java.nio.file.Path.of(uri.getRawSchemeSpecificPart()).toAbsolutePath().normalize().toUri().toString();
      }
      return r;
    } catch (URISyntaxException e) {
      throw new UserException("The store root '" + root + "' is not a valid URI: write it as file:/path or hdfs://host:port/path.");
    }
  }
}
