package io.autoencoded.job.store;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The Spark schema of the frame store and the conversions between {@link Row} and {@link FrameRow}. */
public final class FrameSchema {
  public static final String FRAME_INDEX = "frame_index";
  public static final String PTS_US = "pts_us";
  public static final String HEIGHT = "height";
  public static final String WIDTH = "width";
  public static final String CHANNELS = "channels";
  public static final String PIXELS = "pixels";

  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField(FRAME_INDEX, DataTypes.LongType, false),
      DataTypes.createStructField(PTS_US, DataTypes.LongType, false),
      DataTypes.createStructField(HEIGHT, DataTypes.IntegerType, false),
      DataTypes.createStructField(WIDTH, DataTypes.IntegerType, false),
      DataTypes.createStructField(CHANNELS, DataTypes.IntegerType, false),
      DataTypes.createStructField(PIXELS, DataTypes.BinaryType, false),
  });

  private FrameSchema() {}

  public static Row toRow(FrameRow f) {
    return RowFactory.create(f.frameIndex(), f.ptsUs(), f.height(), f.width(), f.channels(), f.pixels());
  }

  public static FrameRow fromRow(Row r) {
    return new FrameRow(r.getLong(r.fieldIndex(FRAME_INDEX)), r.getLong(r.fieldIndex(PTS_US)),
        r.getInt(r.fieldIndex(HEIGHT)), r.getInt(r.fieldIndex(WIDTH)), r.getInt(r.fieldIndex(CHANNELS)),
        (byte[]) r.get(r.fieldIndex(PIXELS)));
  }
}
