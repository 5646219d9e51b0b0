package io.autoencoded.job.model;

import io.autoencoded.job.cli.UserException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The checkpoint format: one stream holding the model's spec, precision and iteration, the training position
 * (step, epoch, config), then all three networks' parameters (with batch-norm statistics) and updater state.
 * Written and read sequentially, so it works on any Hadoop filesystem stream. The caller owns the streams
 * (they are flushed, not closed).
 */
public final class Checkpoint {
  static {
    // the first ND4J use in a JVM may come through here: choose the native build before it loads
    NativeVariant.select();
  }

  static final String MAGIC = "autoencoded-vaegan-checkpoint";
  /**
   * 3: convolution weights as [5, 5, in, out] / [5, 5, out, in], vectors as raw little-endian values (1 and 2,
   * with im2col layouts and ND4J's element-by-element serialisation, are converted on reading). 4: the spec
   * also records the GAN weight, similarity normalisation, discriminator batches and upsampling. 5: and the input
   * centring (a centred model's parameters end with its centre).
   */
  static final int VERSION = 5;

  private Checkpoint() {}

  public static void write(VaeGan model, TrainingPosition position, OutputStream out) throws IOException {
    write(model, position, out, VERSION);
  }

  /** Writes format {@code version}: 2 or 3 (2 for builds before the direct convolutions). */
  static void write(VaeGan model, TrainingPosition position, OutputStream out, int version) throws IOException {
    if (version != 2 && version != VERSION) {
      throw new IllegalArgumentException("can write checkpoint formats 2 and " + VERSION + ", not " + version);
    }
    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 20));
    writeHeader(new Header(model.spec(), model.dataType(), model.iteration(), position, version), data);
    if (version < 3) {
      Nd4j.write(model.legacyParameters(), data);
      Nd4j.write(model.legacyUpdaterState(), data);
    } else {
      writeVector(model.parameters(), data);
      writeVector(model.updaterState(), data);
    }
    data.flush();
  }

  /**
   * The checkpoint without its optimizer state (a third of the size): all that reconstruction reads, and what
   * a reconstruct job broadcasts to its executors. Training cannot resume from it ({@link #read} says so).
   */
  public static byte[] weightsOnly(byte[] checkpoint) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(checkpoint));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try {
      Header header = readHeader(in);
      INDArray params = readVector(in, header);
      DataOutputStream out = new DataOutputStream(bytes);
      Header current = new Header(header.spec(), header.dataType(), header.iteration(), header.position(), VERSION);
      writeHeader(current, out);
      writeVector(header.legacyLayout() ? legacyToCurrent(header, params) : params, out);
      out.writeUTF(header.dataType().name());
      out.writeLong(0); // no optimizer state
      out.flush();
    } catch (EOFException e) {
      throw truncated(e);
    }
    return bytes.toByteArray();
  }

  private static INDArray legacyToCurrent(Header header, INDArray legacyParams) {
    VaeGan model = VaeGan.inferenceOnly(header.spec(), header.dataType());
    model.setLegacyParameters(legacyParams);
    return model.parameters();
  }

  /** The model exactly as it was written. */
  public static LoadedCheckpoint read(InputStream in) throws IOException {
    return read(in, null);
  }

  /**
   * The written model for a run configured with {@code expected}: its architecture must match (else a
   * {@link UserException} naming the difference); the training choices of {@code expected} (learning rate, γ,
   * optimizer, ...) apply from now on. Updater state is kept when the optimizer is the same, else starts fresh.
   */
  public static LoadedCheckpoint read(InputStream in, ModelSpec expected) throws IOException {
    DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 20));
    try {
      Header header = readHeader(data);
      ModelSpec spec = header.spec();
      if (expected != null) {
        requireCompatible(header.spec(), expected);
        spec = expected;
      }
      VaeGan model = VaeGan.create(spec, header.dataType());
      INDArray params = readVector(data, header);
      INDArray updater = readVector(data, header);
      if (updater == null) {
        throw new UserException("The checkpoint holds only weights (written for reconstruction), not the optimizer "
            + "state training needs: train from the model's own checkpoint.bin under STORE/models/.");
      }
      if (header.legacyLayout()) {
        model.setLegacyParameters(params);
      } else {
        model.setParameters(params);
      }
      if (spec.optimizer().equals(header.spec().optimizer())) {
        if (header.legacyLayout()) {
          model.setLegacyUpdaterState(updater);
        } else {
          model.setUpdaterState(updater);
        }
      }
      model.setIteration(header.iteration());
      return new LoadedCheckpoint(model, header.position());
    } catch (EOFException e) {
      throw truncated(e);
    }
  }

  /**
   * The written model for encoding and decoding only ({@link VaeGan#forInference}): the optimizer state is not
   * read, nothing is randomly initialised — what a reconstruct task needs, fast.
   */
  public static VaeGan readForInference(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 20));
    try {
      Header header = readHeader(data);
      INDArray params = readVector(data, header);
      if (header.legacyLayout()) {
        VaeGan model = VaeGan.inferenceOnly(header.spec(), header.dataType());
        model.setLegacyParameters(params);
        return model;
      }
      return VaeGan.forInference(header.spec(), header.dataType(), params);
    } catch (EOFException e) {
      throw truncated(e);
    }
  }

  private record Header(ModelSpec spec, DataType dataType, long iteration, TrainingPosition position, int version) {
    boolean legacyLayout() {
      return version < 3;
    }
  }

  private static void writeHeader(Header header, DataOutputStream data) throws IOException {
    data.writeUTF(MAGIC);
    data.writeInt(header.version());
    writeSpec(header.spec(), data, header.version());
    data.writeUTF(header.dataType().name());
    data.writeLong(header.iteration());
    data.writeLong(header.position().step());
    data.writeInt(header.position().epoch());
    byte[] config = header.position().config().getBytes(StandardCharsets.UTF_8);
    data.writeInt(config.length);
    data.write(config);
  }

  private static Header readHeader(DataInputStream data) throws IOException {
    String magic;
    try {
      magic = data.readUTF();
    } catch (IOException e) {
      throw notACheckpoint();
    }
    if (!MAGIC.equals(magic)) {
      throw notACheckpoint();
    }
    int version = data.readInt();
    if (version < 1 || version > VERSION) {
      throw new UserException("The checkpoint has format version " + version + " but this build reads versions 1 to "
          + VERSION + ": use the autoencoded release that wrote it, or train a new model.");
    }
    ModelSpec written = readSpec(data, version);
    DataType dataType = DataType.valueOf(data.readUTF());
    long iteration = data.readLong();
    long step = data.readLong();
    int epoch = data.readInt();
    byte[] config = new byte[data.readInt()];
    data.readFully(config);
    TrainingPosition position = new TrainingPosition(step, epoch, new String(config, StandardCharsets.UTF_8));
    return new Header(written, dataType, iteration, position, version);
  }

  /**
   * A flat vector as its length and raw little-endian values, copied in bulk: ND4J's own serialisation reads a
   * full-size model (75 M values) one value at a time, seconds per reconstruct task.
   */
  private static void writeVector(INDArray vector, DataOutputStream data) throws IOException {
    INDArray v = vector.isView() ? vector.dup('c') : vector;
    data.writeUTF(v.dataType().name());
    data.writeLong(v.length());
    ByteBuffer bytes = nativeBytes(v);
    byte[] chunk = new byte[1 << 20];
    while (bytes.hasRemaining()) {
      int n = Math.min(chunk.length, bytes.remaining());
      bytes.get(chunk, 0, n);
      data.write(chunk, 0, n);
    }
  }

  private static INDArray readVector(DataInputStream data, Header header) throws IOException {
    if (header.legacyLayout()) {
      return Nd4j.read(data);
    }
    DataType type = DataType.valueOf(data.readUTF());
    long length = data.readLong();
    if (length == 0) {
      return null; // an absent vector: the optimizer state of a weights-only checkpoint
    }
    if (length < 0 || length * type.width() > Integer.MAX_VALUE) {
      throw new IOException("the checkpoint holds a vector of " + length + " values (corrupt file?)");
    }
    INDArray v = Nd4j.createUninitialized(type, 1, length);
    ByteBuffer bytes = nativeBytes(v);
    byte[] chunk = new byte[1 << 20];
    while (bytes.hasRemaining()) {
      int n = Math.min(chunk.length, bytes.remaining());
      data.readFully(chunk, 0, n);
      bytes.put(chunk, 0, n);
    }
    return v;
  }

  /** The vector's values as bytes in the file's (little-endian) order; this build runs on little-endian CPUs. */
  private static ByteBuffer nativeBytes(INDArray v) {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      throw new IllegalStateException("checkpoints are little-endian; this CPU is not");
    }
    ByteBuffer all = v.data().asNio();
    long bytes = v.length() * v.dataType().width();
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalStateException("a model vector over 2 GB cannot be checkpointed in this format");
    }
    return all.duplicate().position(0).limit((int) bytes).slice();
  }

  private static UserException truncated(EOFException e) {
    return new UserException("The checkpoint ends early (truncated or still being written): use a complete "
        + "checkpoint, for example the latest published one.", e);
  }

  /** Throws a {@link UserException} naming every architectural difference between a checkpoint and a run. */
  public static void requireCompatible(ModelSpec checkpoint, ModelSpec expected) {
    String differences = checkpoint.architectureDifferences(expected);
    if (!differences.isEmpty()) {
      throw new UserException("The model checkpoint does not fit this run's configuration (checkpoint vs config: "
          + differences + "): set those keys as the model was trained (--set KEY=VALUE), or train a new model.");
    }
  }

  private static UserException notACheckpoint() {
    return new UserException("The file given as a model is not an autoencoded model checkpoint: "
        + "point to a model written by 'autoencoded train'.");
  }

  private static void writeSpec(ModelSpec s, DataOutputStream data, int version) throws IOException {
    data.writeInt(s.height());
    data.writeInt(s.width());
    data.writeInt(s.channels());
    data.writeInt(s.filters());
    data.writeInt(s.latent());
    data.writeDouble(s.gamma());
    data.writeDouble(s.learningRate());
    data.writeLong(s.seed());
    data.writeUTF(s.optimizer());
    data.writeDouble(s.beta1());
    data.writeUTF(s.similarityLayers());
    data.writeBoolean(s.equilibrium());
    data.writeDouble(s.equilibriumTarget());
    data.writeDouble(s.equilibriumMargin());
    data.writeUTF(s.generatorLoss());
    data.writeDouble(s.pixelWeight());
    if (version < 4) {
      return;
    }
    data.writeDouble(s.ganWeight());
    data.writeUTF(s.similarityNormalisation());
    data.writeUTF(s.discriminatorBatches());
    data.writeUTF(s.upsampling());
    if (version < 5) {
      return;
    }
    data.writeUTF(s.centring());
  }

  /**
   * Version 1 predates the generator loss and pixel weight, versions up to 3 the GAN weight, similarity
   * normalisation, discriminator batches and upsampling, versions up to 4 the centring: they read with the
   * behaviour of their time.
   */
  private static ModelSpec readSpec(DataInputStream data, int version) throws IOException {
    ModelSpec spec = new ModelSpec(data.readInt(), data.readInt(), data.readInt(), data.readInt(), data.readInt(),
        data.readDouble(), data.readDouble(), data.readLong(), data.readUTF(), data.readDouble(), data.readUTF(),
        data.readBoolean(), data.readDouble(), data.readDouble());
    if (version == 1) {
      return spec;
    }
    spec = spec.withGeneratorLoss(data.readUTF()).withPixelWeight(data.readDouble());
    if (version < 4) {
      return spec;
    }
    spec = spec.withGanWeight(data.readDouble()).withSimilarityNormalisation(data.readUTF())
        .withDiscriminatorBatches(data.readUTF()).withUpsampling(data.readUTF());
    return version < 5 ? spec : spec.withCentring(data.readUTF());
  }
}
