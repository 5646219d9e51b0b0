package io.autoencoded.reconstruct;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes one Parquet file of latents: {@code frame_index} INT64 and {@code latent} as a standard 3-level
 * list of floats (Spark reads it as {@code array<float>}), one row per frame.
 */
public final class LatentsWriter implements AutoCloseable {
  public static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
      "message latents { required int64 frame_index; required group latent (LIST) { "
          + "repeated group list { required float element; } } }");

  private final ParquetWriter<Group> writer;
  private final SimpleGroupFactory rows = new SimpleGroupFactory(SCHEMA);

  public LatentsWriter(Path file, Configuration hadoop) throws IOException {
    writer = ExampleParquetWriter.builder(file).withConf(hadoop).withType(SCHEMA)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCompressionCodec(CompressionCodecName.SNAPPY).build();
  }

  public void write(long frameIndex, float[] latent) throws IOException {
    Group row = rows.newGroup().append("frame_index", frameIndex);
    Group list = row.addGroup("latent");
    for (float v : latent) {
      list.addGroup("list").append("element", v);
    }
    writer.write(row);
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
