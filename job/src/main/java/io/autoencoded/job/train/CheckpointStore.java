package io.autoencoded.job.train;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.store.StagingDirectory;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.store.StoreLayout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checkpoints under {@code STORE/models/RUN/NAME/} (checkpoint.bin, position.json, and the epoch's PNGs), and the
 * pointer {@code STORE/models/LATEST} (one line: the URI of the newest checkpoint directory). A checkpoint is
 * assembled in a staging directory and renamed into place; the pointer is written to a temporary name and
 * renamed: a crash at any moment leaves either the old or the new checkpoint visible, never half of one.
 */
public final class CheckpointStore {
  public static final String MODEL_FILE = "checkpoint.bin";
  public static final String POSITION_FILE = "position.json";

  private final StoreLayout layout;
  private final FileSystem fs;

  public CheckpointStore(StoreLayout layout, Configuration hadoop) {
    this.layout = layout;
    this.fs = StoreFileSystem.of(layout, hadoop);
  }

  /** Publishes a checkpoint with extra files (name -> bytes, e.g. PNGs); returns its URI. */
  public String write(ModelState state, TrainPosition position, Map<String, byte[]> extras, ModelFactory factory,
      String config) throws IOException {
    Path staging = layout.staging("checkpoint-" + position.runId());
    try {
      stage(staging, state, position, extras, factory, config);
      Path target = new Path(layout.model(position.runId()), position.checkpointName());
      fs.mkdirs(target.getParent());
      StoreFileSystem.replace(fs, staging, target);
      String uri = fs.makeQualified(target).toString();
      pointLatestAt(uri);
      return uri;
    } finally {
      if (fs.exists(staging)) {
        fs.delete(staging, true);
      }
      StagingDirectory.removeIfEmpty(fs, staging.getParent());
    }
  }

  /**
   * Writes a checkpoint as {@link #write} does, into a staging directory that is then removed: what a checkpoint
   * costs in this store, for the run's estimate. Nothing is published.
   */
  public void rehearse(ModelState state, TrainPosition position, Map<String, byte[]> extras, ModelFactory factory,
      String config) throws IOException {
    Path staging = layout.staging("checkpoint-rehearsal-" + position.runId());
    try {
      stage(staging, state, position, extras, factory, config);
    } finally {
      if (fs.exists(staging)) {
        fs.delete(staging, true);
      }
      StagingDirectory.removeIfEmpty(fs, staging.getParent());
    }
  }

  private void stage(Path staging, ModelState state, TrainPosition position, Map<String, byte[]> extras,
      ModelFactory factory, String config) throws IOException {
    fs.mkdirs(staging);
    try (OutputStream out = fs.create(new Path(staging, MODEL_FILE), false)) {
      factory.writeCheckpoint(state, position.step(), position.epochsDone(), config, out);
    }
    try (OutputStream out = fs.create(new Path(staging, POSITION_FILE), false)) {
      out.write(CheckpointFormat.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(position));
    }
    for (Map.Entry<String, byte[]> e : extras.entrySet()) {
      try (OutputStream out = fs.create(new Path(staging, e.getKey()), false)) {
        out.write(e.getValue());
      }
    }
  }

  private void pointLatestAt(String uri) throws IOException {
    Path pointer = layout.latestModelPointer();
    Path tmp = new Path(pointer.getParent(), ".LATEST." + java.util.UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(tmp, false)) {
      out.write((uri + "\n").getBytes(StandardCharsets.UTF_8));
    }
    StoreFileSystem.replace(fs, tmp, pointer);
  }

  /** The URI in models/LATEST, if any model was trained into this store. */
  public Optional<String> latest() throws IOException {
    Path pointer = layout.latestModelPointer();
    if (!fs.exists(pointer)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(pointer)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
    }
  }

  /** The newest complete checkpoint of a run (the one a crashed run resumes from). */
  public Optional<StoredCheckpoint> newest(String runId) throws IOException {
    Optional<Path> newest = newestDirectory(runId);
    return newest.isEmpty() ? Optional.empty() : Optional.of(read(fs.makeQualified(newest.get()).toString()));
  }

  /** Where the newest complete checkpoint of a run stands, without reading its model. */
  public Optional<TrainPosition> newestPosition(String runId) throws IOException {
    Optional<Path> newest = newestDirectory(runId);
    if (newest.isEmpty()) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(new Path(newest.get(), POSITION_FILE))) {
      return Optional.of(CheckpointFormat.JSON.readValue(in, TrainPosition.class));
    }
  }

  private Optional<Path> newestDirectory(String runId) throws IOException {
    Path dir = layout.model(runId);
    if (!fs.exists(dir)) {
      return Optional.empty();
    }
    String newest = null;
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      if (s.isDirectory() && name.startsWith("epoch-") && fs.exists(new Path(s.getPath(), MODEL_FILE))
          && fs.exists(new Path(s.getPath(), POSITION_FILE)) && (newest == null || name.compareTo(newest) > 0)) {
        newest = name;
      }
    }
    return newest == null ? Optional.empty() : Optional.of(new Path(dir, newest));
  }

  /**
   * Reads a checkpoint given as its directory or its checkpoint.bin (any Hadoop URI; a relative path resolves
   * against the store root's filesystem).
   */
  public StoredCheckpoint read(String uri) throws IOException {
    Path path = new Path(uri);
    FileSystem fsOf = path.toUri().getScheme() == null ? fs : path.getFileSystem(fs.getConf());
    Path dir = path.getName().equals(MODEL_FILE) ? path.getParent() : path;
    Path model = new Path(dir, MODEL_FILE);
    if (!fsOf.exists(model)) {
      throw new UserException("No checkpoint at " + uri + ": give a directory holding " + MODEL_FILE
          + " (for example the URI in " + layout.latestModelPointer() + ").");
    }
    ModelState state;
    try (InputStream in = fsOf.open(model)) {
      state = CheckpointFormat.read(in, model.toString());
    } catch (FileNotFoundException e) {
      throw new UserException("No checkpoint at " + uri + ": check the URI.", e);
    } catch (IOException e) {
      throw new UserException("The checkpoint " + model + " cannot be read (" + e.getMessage()
          + "): point at a complete checkpoint written by autoencoded train.", e);
    }
    TrainPosition position = null;
    Path pos = new Path(dir, POSITION_FILE);
    if (fsOf.exists(pos)) {
      try (InputStream in = fsOf.open(pos)) {
        position = CheckpointFormat.JSON.readValue(in, TrainPosition.class);
      }
    }
    return new StoredCheckpoint(fsOf.makeQualified(dir).toString(), state, position);
  }
}
