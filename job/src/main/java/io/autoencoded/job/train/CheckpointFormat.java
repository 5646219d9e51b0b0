package io.autoencoded.job.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoencoded.job.model.Checkpoint;
import io.autoencoded.job.model.ModelSpec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A model-independent checkpoint.bin: the model spec (JSON), the step counter, the flat parameters and the flat
 * optimizer state, as little-endian floats; used for models other than the VAE-GAN (which writes its own
 * {@link Checkpoint} format through {@link VaeGanReplica.Factory}).
 */
public final class CheckpointFormat {
  private static final int MAGIC = 0x41454350; // "AECP"
  private static final int VERSION = 1;
  static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private CheckpointFormat() {}

  /** Whether a checkpoint's first bytes are this format's (else they are the VAE-GAN's own {@link Checkpoint}). */
  public static boolean isModelIndependent(byte[] checkpoint) {
    return checkpoint.length >= 4 && java.nio.ByteBuffer.wrap(checkpoint, 0, 4).getInt() == MAGIC;
  }

  public static void write(ModelState state, OutputStream raw) throws IOException {
    DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(raw, 1 << 20));
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(JSON.writeValueAsString(state.spec()));
    out.writeLong(state.iteration());
    writeFloats(out, state.parameters());
    writeFloats(out, state.updaterState());
    out.flush();
  }

  /**
   * Reads checkpoint.bin in either format: this one, or the VAE-GAN's own {@link Checkpoint} (which starts with
   * a length-prefixed string, never with this format's magic number).
   */
  public static ModelState read(InputStream raw, String where) throws IOException {
    java.io.BufferedInputStream buffered = new java.io.BufferedInputStream(raw, 1 << 20);
    buffered.mark(8);
    DataInputStream in = new DataInputStream(buffered);
    if (in.readInt() != MAGIC) {
      buffered.reset();
      return ModelState.of(new VaeGanReplica(Checkpoint.read(buffered).model()));
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException(where + " has checkpoint format version " + version + ", this build reads " + VERSION);
    }
    ModelSpec spec = JSON.readValue(in.readUTF(), ModelSpec.class);
    long iteration = in.readLong();
    float[] params = readFloats(in);
    float[] updater = readFloats(in);
    return new ModelState(spec, params, updater, iteration);
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    out.writeInt(values.length);
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      if (!buf.hasRemaining()) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      buf.putFloat(v);
    }
    out.write(buf.array(), 0, buf.position());
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    int n = in.readInt();
    float[] values = new float[n];
    byte[] chunk = new byte[1 << 16];
    int i = 0;
    while (i < n) {
      int len = Math.min(chunk.length, (n - i) * 4);
      in.readFully(chunk, 0, len);
      ByteBuffer buf = ByteBuffer.wrap(chunk, 0, len).order(ByteOrder.LITTLE_ENDIAN);
      while (buf.hasRemaining()) {
        values[i++] = buf.getFloat();
      }
    }
    return values;
  }
}
