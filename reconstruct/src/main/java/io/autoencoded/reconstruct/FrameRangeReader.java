package io.autoencoded.reconstruct;

import io.autoencoded.job.store.FrameRow;
import io.autoencoded.job.store.FrameSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * Reads the frames {@code [first, first + count)} of a film from its Parquet files without Spark: one task
 * reads only its range (row groups outside it are skipped by their statistics), either all at once in frame order
 * or streamed. Checks that every frame of the range is there exactly once.
 */
public final class FrameRangeReader {
  private FrameRangeReader() {}

  public static List<Path> frameFiles(FileSystem fs, Path filmFrames) throws IOException {
    List<Path> files = new ArrayList<>();
    for (FileStatus s : fs.listStatus(filmFrames)) {
      String name = s.getPath().getName();
      if (s.isFile() && name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
        files.add(s.getPath());
      }
    }
    files.sort(null);
    return files;
  }

  /**
   * The pixels of one stored frame of a film (a walk's end, a contact sheet's picture); frames missing from the store
   * are the user's to fix by ingesting the film again.
   */
  public static byte[] pixelsOf(FileSystem fs, Configuration hadoop, io.autoencoded.job.store.StoreLayout layout,
      String filmId, long frame) throws IOException {
    Path dir = layout.framesOf(filmId);
    List<Path> files = fs.exists(dir) ? frameFiles(fs, dir) : List.of();
    if (files.isEmpty()) {
      throw new io.autoencoded.job.cli.UserException("Film '" + filmId + "' is registered but its frames are missing "
          + "from " + dir + ": ingest it again (autoencoded ingest --film PATH --film-id " + filmId + ").");
    }
    return read(hadoop, files, frame, 1)[0].pixels();
  }

  public static FrameRow[] read(Configuration hadoop, List<Path> files, long first, int count) throws IOException {
    FrameRow[] frames = new FrameRow[count];
    scan(hadoop, files, first, count, f -> frames[(int) (f.frameIndex() - first)] = f);
    return frames;
  }

  /** Receives the frames of a range one at a time. */
  public interface FrameSink {
    void accept(FrameRow frame) throws IOException;
  }

  /**
   * Passes each frame of {@code [first, first + count)} to {@code sink} as it is read, in file order (not frame
   * order), holding one frame at a time: for passes that fold a range into something small.
   */
  public static void scan(Configuration hadoop, List<Path> files, long first, int count, FrameSink sink)
      throws IOException {
    BitSet seen = new BitSet(count);
    Operators.LongColumn index = FilterApi.longColumn(FrameSchema.FRAME_INDEX);
    FilterPredicate inRange = FilterApi.and(FilterApi.gtEq(index, first), FilterApi.lt(index, first + count));
    for (Path file : files) {
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file)
          .withConf(hadoop).withFilter(FilterCompat.get(inRange)).build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          long i = g.getLong(FrameSchema.FRAME_INDEX, 0);
          if (i < first || i >= first + count) {
            continue;
          }
          int slot = (int) (i - first);
          if (seen.get(slot)) {
            throw new IOException("frame " + i + " is stored twice (in " + file.getName() + " and another file)");
          }
          seen.set(slot);
          sink.accept(new FrameRow(i, g.getLong(FrameSchema.PTS_US, 0), g.getInteger(FrameSchema.HEIGHT, 0),
              g.getInteger(FrameSchema.WIDTH, 0), g.getInteger(FrameSchema.CHANNELS, 0),
              g.getBinary(FrameSchema.PIXELS, 0).getBytes()));
        }
      }
    }
    int missing = seen.nextClearBit(0);
    if (missing < count) {
      throw new IOException("frame " + (first + missing) + " is missing from the frame store");
    }
  }
}
