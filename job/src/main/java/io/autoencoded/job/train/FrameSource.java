package io.autoencoded.job.train;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.FrameSchema;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.store.StoreLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The frames a run trains on: the selected films' Parquet shards, only the columns training needs, each film
 * numbered so that frame i of film f has the global index {@code offsets[f] + i}. Checked up front (one small
 * aggregate job reading frame_index/height/width, no pixels): every film is in the registry, has frames, at the
 * model's size, with contiguous indices.
 */
public record FrameSource(List<String> films, Dataset<Row> frames, long[] offsets, long total) {
  public static final String FILM = "film";
  /** The partition column of the frame store's directories ({@code frames/film_id=ID}). */
  private static final String FILM_ID = "film_id";

  public static FrameSource open(SparkSession spark, StoreLayout layout, List<String> filmIds, ModelSpec spec)
      throws IOException {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    FilmRegistry registry = new FilmRegistry(layout, hadoop);
    List<String> films = new ArrayList<>();
    if (filmIds.isEmpty()) {
      for (FilmRecord r : registry.list()) {
        films.add(r.filmId());
      }
      if (films.isEmpty()) {
        throw new UserException("The store " + layout.root() + " has no films to train on: ingest one first "
            + "(autoencoded ingest --film PATH).");
      }
    } else {
      for (String id : new TreeSet<>(filmIds)) {
        StoreLayout.checkFilmId(id);
        registry.require(id);
        films.add(id);
      }
    }
    FileSystem fs = StoreFileSystem.of(layout, hadoop);
    String[] dirs = new String[films.size()];
    for (int f = 0; f < films.size(); f++) {
      String id = films.get(f);
      if (!fs.exists(layout.framesOf(id))) {
        throw new UserException("Film '" + id + "' is registered but has no frames under " + layout.framesOf(id)
            + ": ingest it again.");
      }
      dirs[f] = layout.framesOf(id).toString();
    }
    // One scan of all the films' directories, not one per film joined by unions: Spark analyses a chain of unions
    // in time that grows faster than the number of films (43 s for 51 tiny films on 2 busy cores, against 3 s for
    // the single scan) and plans a partition per film, where one scan packs small films together. The schema is
    // given so that film_id stays a string (inference would read "007" as the number 7) and no footer is read to
    // infer it; a film's number is its place in the list, so that frame i of film f is offsets[f] + i.
    Column[] ids = films.stream().map(functions::lit).toArray(Column[]::new);
    Dataset<Row> all = spark.read().schema(FrameSchema.SCHEMA.add(FILM_ID, DataTypes.StringType))
        .option("basePath", layout.frames().toString()).parquet(dirs)
        .select(functions.col(FrameSchema.FRAME_INDEX), functions.col(FrameSchema.HEIGHT),
            functions.col(FrameSchema.WIDTH), functions.col(FrameSchema.PIXELS),
            functions.array_position(functions.array(ids), functions.col(FILM_ID)).cast(DataTypes.IntegerType)
                .minus(1).as(FILM));
    List<Row> stats = all.groupBy(FILM, FrameSchema.HEIGHT, FrameSchema.WIDTH)
        .agg(count(lit(1)).as("n"), min(FrameSchema.FRAME_INDEX).as("lo"), max(FrameSchema.FRAME_INDEX).as("hi"))
        .collectAsList();
    long[] counts = new long[films.size()];
    for (Row r : stats) {
      int f = r.getInt(0);
      int h = r.getInt(1);
      int w = r.getInt(2);
      if (h != spec.height() || w != spec.width()) {
        throw new UserException("Film '" + films.get(f) + "' has frames of " + w + "x" + h + " but the model trains on "
            + spec.width() + "x" + spec.height() + ": set frames.width=" + w + " and frames.height=" + h
            + " for this film, or ingest it again at " + spec.width() + "x" + spec.height() + ".");
      }
      counts[f] += r.getLong(3);
      if (r.getLong(4) != 0 || r.getLong(5) != r.getLong(3) - 1) {
        throw new UserException("Film '" + films.get(f) + "' has frame indices " + r.getLong(4) + ".." + r.getLong(5)
            + " for " + r.getLong(3) + " frames (not contiguous from 0): ingest it again.");
      }
    }
    long[] offsets = new long[films.size()];
    long total = 0;
    for (int f = 0; f < films.size(); f++) {
      if (counts[f] == 0) {
        throw new UserException("Film '" + films.get(f) + "' has no frames in the store: ingest it again.");
      }
      offsets[f] = total;
      total += counts[f];
    }
    return new FrameSource(List.copyOf(films), all.select(FILM, FrameSchema.FRAME_INDEX, FrameSchema.PIXELS),
        offsets, total);
  }

  /**
   * The mean of every frame of the run, [1, channels, height, width] in [-1, 1] (as {@code FrameTensorCodec} maps
   * pixels): one pass over the pixels, summed as integers, so the result does not depend on how the frames are
   * partitioned. Each task holds one frame-sized sum.
   */
  public INDArray meanFrame(ModelSpec spec) {
    long[] sums = frames.select(FrameSchema.PIXELS).javaRDD().mapPartitions(rows -> {
      long[] sum = null;
      while (rows.hasNext()) {
        byte[] pixels = (byte[]) rows.next().get(0);
        if (sum == null) {
          sum = new long[pixels.length];
        }
        for (int i = 0; i < pixels.length; i++) {
          sum[i] += pixels[i] & 0xff;
        }
      }
      return sum == null ? java.util.Collections.emptyIterator() : java.util.List.of(sum).iterator();
    }).treeReduce((a, b) -> {
      for (int i = 0; i < a.length; i++) {
        a[i] += b[i];
      }
      return a;
    });
    float[] hwc = new float[sums.length];
    for (int i = 0; i < sums.length; i++) {
      hwc[i] = (float) (sums[i] / (double) total / 127.5 - 1);
    }
    return Nd4j.create(hwc, new long[] {1, spec.height(), spec.width(), spec.channels()}, DataType.FLOAT)
        .permute(0, 3, 1, 2).dup('c');
  }

  /**
   * A few frames for the sample grid, spread evenly over the first film (its first frames are often black
   * titles); fetched by a filter on frame_index that Parquet pushes down.
   */
  public List<byte[]> samples(int n) {
    List<byte[]> out = new ArrayList<>();
    if (n <= 0) {
      return out;
    }
    long count = offsets.length > 1 ? offsets[1] : total;
    List<Long> wanted = new ArrayList<>();
    for (int i = 0; i < n && i < count; i++) {
      wanted.add(count * (2L * i + 1) / (2L * Math.min(n, count)));
    }
    List<Row> rows = new ArrayList<>(frames.where(frames.col(FILM).equalTo(0)
            .and(frames.col(FrameSchema.FRAME_INDEX).isin(wanted.toArray())))
        .select(FrameSchema.FRAME_INDEX, FrameSchema.PIXELS).collectAsList());
    rows.sort(java.util.Comparator.comparingLong(r -> r.getLong(0)));
    for (Row r : rows) {
      out.add((byte[]) r.get(1));
    }
    return out;
  }

  /**
   * The first {@code n} frames of the first film (fewer when it is shorter), for the timing probe: a filter on
   * frame_index that Parquet pushes down, so only the row groups holding them are read.
   */
  public List<byte[]> firstFrames(int n) {
    List<byte[]> out = new ArrayList<>();
    for (Row r : frames.where(frames.col(FILM).equalTo(0).and(frames.col(FrameSchema.FRAME_INDEX).lt(n)))
        .select(FrameSchema.PIXELS).collectAsList()) {
      out.add((byte[]) r.get(0));
    }
    return out;
  }
}
