package io.autoencoded.ingest;

import io.autoencoded.job.store.FrameRow;
import io.autoencoded.job.store.FrameSchema;
import java.io.IOException;
import java.io.Serializable;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.spark.SerializableWritable;

/**
 * Where and how the tasks of one ingest write their Parquet files: into {@code dir}, named
 * {@code part-SEGMENT-FILE.CODEC.parquet} (as Spark names them) (a segment's frames roll over to a new file every
 * {@code recordsPerFile} frames), with the configured codec, row-group size and no dictionary for the pixels.
 *
 * <p>Each file is written under a hidden temporary name and renamed to its final name once complete, so the
 * directory never holds a partial file under a {@code part-*} name; a retried task replaces what an earlier
 * attempt of the same segment published.
 */
final class FrameFiles implements Serializable {
  private final String dir;
  private final SerializableWritable<Configuration> hadoop;
  private final IngestSettings settings;
  private final long recordsPerFile;
  private final String sparkVersion;

  FrameFiles(Path dir, Configuration hadoop, IngestSettings settings, int frameBytes, String sparkVersion) {
    this.dir = dir.toString();
    Configuration conf = new Configuration(hadoop);
    // the codec reads its level from the Hadoop configuration
    conf.setInt("parquet.compression.codec.zstd.level", settings.zstdLevel());
    this.hadoop = new SerializableWritable<>(conf);
    this.settings = settings;
    this.recordsPerFile = settings.recordsPerFile(frameBytes);
    this.sparkVersion = sparkVersion;
  }

  long recordsPerFile() {
    return recordsPerFile;
  }

  /** A new file for frames of {@code segment}, the {@code part}-th of that segment (from 0). */
  Writer open(int segment, int part, long attempt) throws IOException {
    Path dirPath = new Path(dir);
    String name = String.format(Locale.ROOT, "part-%05d-%03d%s.parquet", segment, part,
        settings.compression().getExtension());
    Path temporary = new Path(dirPath, "." + name + "." + attempt + ".tmp");
    Configuration conf = hadoop.value();
    ParquetWriter<FrameRow> writer = new Builder(temporary, sparkVersion)
        .withConf(conf)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCompressionCodec(settings.compression())
        .withRowGroupSize(settings.rowGroupBytes())
        // frames never repeat exactly: a dictionary for the pixels would be hashing every frame for nothing
        .withDictionaryEncoding(FrameSchema.PIXELS, false)
        .build();
    return new Writer(writer, temporary, new Path(dirPath, name), temporary.getFileSystem(conf));
  }

  /** One file being written; {@link #commit} publishes it under its final name, {@link #abort} drops it. */
  static final class Writer {
    private final ParquetWriter<FrameRow> parquet;
    private final Path temporary;
    private final Path target;
    private final FileSystem fs;
    private long frames;

    private Writer(ParquetWriter<FrameRow> parquet, Path temporary, Path target, FileSystem fs) {
      this.parquet = parquet;
      this.temporary = temporary;
      this.target = target;
      this.fs = fs;
    }

    void write(FrameRow frame) throws IOException {
      parquet.write(frame);
      frames++;
    }

    long frames() {
      return frames;
    }

    void commit() throws IOException {
      parquet.close();
      // a retried segment's file replaces the earlier attempt's (same frames); rename does not overwrite on HDFS
      fs.delete(target, false);
      if (!fs.rename(temporary, target)) {
        throw new IOException("could not rename " + temporary + " to " + target);
      }
    }

    void abort() {
      try {
        parquet.close();
      } catch (IOException | RuntimeException e) {
        // the file is dropped anyway
      }
      try {
        fs.delete(temporary, false);
      } catch (IOException e) {
        // a hidden temporary: the staging directory is deleted with it
      }
    }
  }

  private static final class Builder extends ParquetWriter.Builder<FrameRow, Builder> {
    private final String sparkVersion;

    Builder(Path file, String sparkVersion) {
      super(file);
      this.sparkVersion = sparkVersion;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<FrameRow> getWriteSupport(Configuration conf) {
      return new FrameWriteSupport(sparkVersion);
    }
  }
}
