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
  static final String MAGIC = "autoencoded-vaegan-checkpoint";
  /** 3: convolution weights as [5, 5, in, out] / [5, 5, out, in] (1 and 2 are converted on reading). */
  static final int VERSION = 3;

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
    data.writeUTF(MAGIC);
    data.writeInt(version);
    writeSpec(model.spec(), data);
    data.writeUTF(model.dataType().name());
    data.writeLong(model.iteration());
    data.writeLong(position.step());
    data.writeInt(position.epoch());
    byte[] config = position.config().getBytes(StandardCharsets.UTF_8);
    data.writeInt(config.length);
    data.write(config);
    Nd4j.write(version < 3 ? model.legacyParameters() : model.parameters(), data);
    Nd4j.write(version < 3 ? model.legacyUpdaterState() : model.updaterState(), data);
    data.flush();
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
      INDArray params = Nd4j.read(data);
      INDArray updater = Nd4j.read(data);
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
      INDArray params = Nd4j.read(data);
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

  private static UserException truncated(EOFException e) {
    return new UserException("The checkpoint ends early (truncated or still being written): use a complete "
        + "checkpoint, for example the latest published one.", e);
  }

  /** Throws a {@link UserException} naming every architectural difference between a checkpoint and a run. */
  public static void requireCompatible(ModelSpec checkpoint, ModelSpec expected) {
    String differences = checkpoint.architectureDifferences(expected);
    if (!differences.isEmpty()) {
      throw new UserException("The model checkpoint does not fit this run's configuration (checkpoint vs config: "
          + differences + "): set frames.height/width, model.filters and model.latent as the model was trained, "
          + "or train a new model.");
    }
  }

  private static UserException notACheckpoint() {
    return new UserException("The file given as a model is not an autoencoded model checkpoint: "
        + "point to a model written by 'autoencoded train'.");
  }

  private static void writeSpec(ModelSpec s, DataOutputStream data) throws IOException {
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
  }

  /** Version 1 predates the generator loss and pixel weight: it reads with their defaults. */
  private static ModelSpec readSpec(DataInputStream data, int version) throws IOException {
    ModelSpec spec = new ModelSpec(data.readInt(), data.readInt(), data.readInt(), data.readInt(), data.readInt(),
        data.readDouble(), data.readDouble(), data.readLong(), data.readUTF(), data.readDouble(), data.readUTF(),
        data.readBoolean(), data.readDouble(), data.readDouble());
    return version == 1 ? spec : spec.withGeneratorLoss(data.readUTF()).withPixelWeight(data.readDouble());
  }
}
