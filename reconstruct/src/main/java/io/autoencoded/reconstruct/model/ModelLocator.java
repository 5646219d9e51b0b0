package io.autoencoded.reconstruct.model;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.store.StoreLayout;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Finds the checkpoint file a {@code --model} value names:
 * <ul>
 *   <li>nothing: the checkpoint {@code STORE/models/LATEST} names;</li>
 *   <li>a checkpoint file (any Hadoop URI or path);</li>
 *   <li>a checkpoint directory (holding {@code checkpoint.bin});</li>
 *   <li>a directory with its own {@code LATEST} pointer;</li>
 *   <li>a training run directory: its newest checkpoint directory by name (epoch-0001, epoch-0002, ...);</li>
 *   <li>a bare run name: {@code STORE/models/NAME} as a directory.</li>
 * </ul>
 * A pointer file holds one path: absolute (URI or /path) or relative to the directory holding the pointer
 * (falling back to the store root).
 */
public final class ModelLocator {
  public static final String POINTER = "LATEST";
  /** The file a checkpoint directory holds its model in (as training writes it). */
  public static final String CHECKPOINT_FILE = "checkpoint.bin";

  private final StoreLayout layout;
  private final FileSystem storeFs;
  private final org.apache.hadoop.conf.Configuration hadoop;

  public ModelLocator(StoreLayout layout, FileSystem storeFs, org.apache.hadoop.conf.Configuration hadoop) {
    this.layout = layout;
    this.storeFs = storeFs;
    this.hadoop = hadoop;
  }

  public Path locate(Optional<String> model) throws IOException {
    if (model.isEmpty()) {
      Path pointer = layout.latestModelPointer();
      if (!storeFs.exists(pointer)) {
        throw new UserException("The store " + layout.root() + " has no trained model (no " + pointer
            + "): train one first (autoencoded train) or pass --model MODEL_URI.");
      }
      return checkpointFile(follow(storeFs, pointer), "the latest model");
    }
    String value = model.get().trim();
    Path given = new Path(value);
    boolean bare = URI.create(given.toUri().toString()).getScheme() == null && !value.startsWith("/")
        && !value.contains("/");
    if (bare) {
      Path run = layout.model(value);
      if (storeFs.exists(run)) {
        return checkpointFile(run, "--model " + value);
      }
    }
    Path qualified = given.toUri().getScheme() == null && !given.isAbsolute()
        ? new Path(new java.io.File(value).getAbsoluteFile().toURI()) : given;
    return checkpointFile(qualified, "--model " + value);
  }

  private Path checkpointFile(Path path, String what) throws IOException {
    FileSystem fs = fsOf(path, what);
    if (!fs.exists(path)) {
      throw new UserException("The model " + path + " (" + what + ") does not exist: check --model, or list "
          + "the trained models under " + layout.models() + ".");
    }
    if (fs.getFileStatus(path).isFile()) {
      return fs.makeQualified(path);
    }
    Path inside = new Path(path, CHECKPOINT_FILE);
    if (fs.exists(inside)) {
      return fs.makeQualified(inside);
    }
    Path pointer = new Path(path, POINTER);
    if (fs.exists(pointer)) {
      return checkpointFile(follow(fs, pointer), what);
    }
    // a training run: its newest checkpoint directory (names such as epoch-0003 sort in training order)
    Optional<FileStatus> newest = Arrays.stream(fs.listStatus(path))
        .filter(FileStatus::isDirectory)
        .filter(s -> !s.getPath().getName().startsWith(".") && !s.getPath().getName().startsWith("_"))
        .filter(s -> exists(fs, new Path(s.getPath(), CHECKPOINT_FILE)))
        .max(Comparator.comparing(s -> s.getPath().getName()));
    if (newest.isEmpty()) {
      throw new UserException("The model directory " + path + " (" + what + ") holds no " + CHECKPOINT_FILE
          + ": pass a checkpoint, a checkpoint directory or a training run directory with --model.");
    }
    return fs.makeQualified(new Path(newest.get().getPath(), CHECKPOINT_FILE));
  }

  private static boolean exists(FileSystem fs, Path p) {
    try {
      return fs.exists(p);
    } catch (IOException e) {
      return false;
    }
  }

  private Path follow(FileSystem fs, Path pointer) throws IOException {
    String target;
    try (InputStream in = fs.open(pointer)) {
      target = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    if (target.isEmpty()) {
      throw new UserException("The model pointer " + pointer + " is empty: re-run training or pass --model.");
    }
    Path t = new Path(target);
    if (t.toUri().getScheme() != null || t.isAbsolute()) {
      return t.toUri().getScheme() != null ? t : fs.makeQualified(t);
    }
    Path besidePointer = new Path(pointer.getParent(), target);
    if (fs.exists(besidePointer)) {
      return besidePointer;
    }
    return new Path(layout.rootPath(), target);
  }

  private FileSystem fsOf(Path path, String what) {
    try {
      return path.getFileSystem(hadoop);
    } catch (IOException e) {
      throw new UserException("The model " + path + " (" + what + ") is on a filesystem that cannot be opened ("
          + e.getMessage() + "): check --model.", e);
    }
  }

  /** Reads a checkpoint's bytes (checkpoints are tens to hundreds of MB: one read on the driver, then broadcast). */
  public byte[] read(Path checkpoint) throws IOException {
    FileSystem fs = checkpoint.getFileSystem(hadoop);
    long length = fs.getFileStatus(checkpoint).getLen();
    if (length > Integer.MAX_VALUE - 16) {
      throw new UserException("The model " + checkpoint + " is larger than 2 GB: it is not a checkpoint of this "
          + "project; pass the right file with --model.");
    }
    try (InputStream in = fs.open(checkpoint)) {
      return in.readAllBytes();
    }
  }
}
