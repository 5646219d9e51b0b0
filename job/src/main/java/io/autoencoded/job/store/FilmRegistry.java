package io.autoencoded.job.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.autoencoded.job.cli.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The film registry: one JSON document per film under {@code registry/}. An entry is written to a temporary
 * name and renamed into place, so a reader sees either the old entry, the new one, or none.
 */
public final class FilmRegistry {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final StoreLayout layout;
  private final FileSystem fs;

  public FilmRegistry(StoreLayout layout, Configuration hadoop) throws IOException {
    this.layout = layout;
    this.fs = StoreFileSystem.of(layout, hadoop);
  }

  public Optional<FilmRecord> find(String filmId) throws IOException {
    Path entry = layout.registryEntry(filmId);
    if (!fs.exists(entry)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(entry)) {
      return Optional.of(JSON.readValue(in, FilmRecord.class));
    }
  }

  /** The entry for a film that must exist; an unknown id is the user's to fix. */
  public FilmRecord require(String filmId) throws IOException {
    return find(filmId).orElseThrow(() -> new UserException("Film '" + filmId + "' is not in the store "
        + layout.root() + ": ingest it first (autoencoded ingest --film PATH --film-id " + filmId
        + ") or list the films with autoencoded films."));
  }

  public List<FilmRecord> list() throws IOException {
    List<FilmRecord> films = new ArrayList<>();
    if (!fs.exists(layout.registry())) {
      return films;
    }
    for (FileStatus status : fs.listStatus(layout.registry())) {
      String name = status.getPath().getName();
      if (status.isFile() && name.endsWith(".json") && !name.startsWith(".")) {
        try (InputStream in = fs.open(status.getPath())) {
          films.add(JSON.readValue(in, FilmRecord.class));
        }
      }
    }
    films.sort(Comparator.comparing(FilmRecord::filmId));
    return films;
  }

  public void put(FilmRecord record) throws IOException {
    Path entry = layout.registryEntry(record.filmId());
    Path tmp = new Path(layout.registry(), "." + record.filmId() + "." + java.util.UUID.randomUUID() + ".tmp");
    fs.mkdirs(layout.registry());
    try (OutputStream out = fs.create(tmp, false)) {
      JSON.writeValue(out, record);
    }
    StoreFileSystem.replace(fs, tmp, entry);
  }

  public boolean remove(String filmId) throws IOException {
    return fs.delete(layout.registryEntry(filmId), false);
  }
}
