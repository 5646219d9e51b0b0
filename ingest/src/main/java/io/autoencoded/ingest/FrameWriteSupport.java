package io.autoencoded.ingest;

import io.autoencoded.job.store.FrameRow;
import io.autoencoded.job.store.FrameSchema;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes {@link FrameRow}s straight into Parquet in the frame store's schema, exactly as Spark writes
 * {@link FrameSchema#SCHEMA} (same Parquet types and field order, and Spark's schema in the footer, so Spark
 * reads the files back with the same column types), without converting each frame to a Spark row and copying
 * its pixels twice on the way.
 */
final class FrameWriteSupport extends WriteSupport<FrameRow> {
  static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message spark_schema {"
      + " required int64 " + FrameSchema.FRAME_INDEX + ";"
      + " required int64 " + FrameSchema.PTS_US + ";"
      + " required int32 " + FrameSchema.HEIGHT + ";"
      + " required int32 " + FrameSchema.WIDTH + ";"
      + " required int32 " + FrameSchema.CHANNELS + ";"
      + " required binary " + FrameSchema.PIXELS + "; }");

  private final String sparkVersion;
  private RecordConsumer out;

  FrameWriteSupport(String sparkVersion) {
    this.sparkVersion = sparkVersion;
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(SCHEMA, Map.of(
        "org.apache.spark.sql.parquet.row.metadata", FrameSchema.SCHEMA.json(),
        "org.apache.spark.version", sparkVersion));
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    out = recordConsumer;
  }

  @Override
  public void write(FrameRow f) {
    out.startMessage();
    writeLong(0, FrameSchema.FRAME_INDEX, f.frameIndex());
    writeLong(1, FrameSchema.PTS_US, f.ptsUs());
    writeInt(2, FrameSchema.HEIGHT, f.height());
    writeInt(3, FrameSchema.WIDTH, f.width());
    writeInt(4, FrameSchema.CHANNELS, f.channels());
    out.startField(FrameSchema.PIXELS, 5);
    // each frame owns its array (never reused), so Parquet may keep a reference instead of copying it
    out.addBinary(Binary.fromConstantByteArray(f.pixels()));
    out.endField(FrameSchema.PIXELS, 5);
    out.endMessage();
  }

  private void writeLong(int index, String name, long value) {
    out.startField(name, index);
    out.addLong(value);
    out.endField(name, index);
  }

  private void writeInt(int index, String name, int value) {
    out.startField(name, index);
    out.addInteger(value);
    out.endField(name, index);
  }
}
