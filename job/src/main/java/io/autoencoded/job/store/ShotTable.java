package io.autoencoded.job.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The films' shot tables: one JSON document per film at {@code shots/ID.json}, beside the registry (docs/STORE.md).
 * Written to a temporary name and renamed into place, as registry entries are, so that a reader sees a whole table
 * or none.
 */
public final class ShotTable {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final StoreLayout layout;
  private final FileSystem fs;

  public ShotTable(StoreLayout layout, Configuration hadoop) {
    this.layout = layout;
    this.fs = StoreFileSystem.of(layout, hadoop);
  }

  /** The film's table, if there is one that can be read (an unreadable one is as good as none: it is remade). */
  public Optional<FilmShots> find(String filmId) throws IOException {
    Path table = layout.shotsOf(filmId);
    if (!fs.exists(table)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(table)) {
      return Optional.of(JSON.readValue(in, FilmShots.class));
    } catch (com.fasterxml.jackson.core.JacksonException | org.apache.hadoop.fs.ChecksumException
        | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public void put(FilmShots shots) throws IOException {
    Path table = layout.shotsOf(shots.filmId());
    Path tmp = new Path(layout.shots(), "." + shots.filmId() + "." + java.util.UUID.randomUUID() + ".tmp");
    fs.mkdirs(layout.shots());
    try (OutputStream out = fs.create(tmp, false)) {
      JSON.writeValue(out, shots);
    }
    StoreFileSystem.replace(fs, tmp, table);
  }
}
