package io.autoencoded.reconstruct.model;

import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.VaeGan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads a VAE-GAN checkpoint written by training ({@code checkpoint.bin}: the model spec, then the flat
 * parameters, as read by {@code io.autoencoded.job.train.CheckpointFormat.read(InputStream, String)}, whose
 * result has {@code spec()} and {@code parameters()}), or by a {@code io.autoencoded.job.model.Checkpoint}
 * reader ({@code read(InputStream).model()}) where the build has one.
 *
 * <p>Bound by reflection because the checkpoint format lands on the train/model branches independently of
 * this module; once they are on main this can call the reader directly.
 */
public final class VaeGanCheckpointLoader implements ModelLoader {
  private static final long serialVersionUID = 1L;
  static final String TRAIN_FORMAT = "io.autoencoded.job.train.CheckpointFormat";
  static final String MODEL_CHECKPOINT = "io.autoencoded.job.model.Checkpoint";

  @Override
  public ReconstructionModel load(byte[] checkpoint) throws IOException {
    try (InputStream in = new ByteArrayInputStream(checkpoint)) {
      Class<?> format = find(TRAIN_FORMAT);
      if (format != null) {
        Object state = format.getMethod("read", InputStream.class, String.class).invoke(null, in, "the checkpoint");
        ModelSpec spec = (ModelSpec) call(state, "spec");
        float[] parameters = (float[]) call(state, "parameters");
        VaeGan model = VaeGan.create(spec);
        model.setParameters(Nd4j.createFromArray(parameters).reshape(1, parameters.length));
        return new VaeGanReconstructionModel(model);
      }
      Class<?> checkpointClass = find(MODEL_CHECKPOINT);
      if (checkpointClass != null) {
        Object loaded = checkpointClass.getMethod("read", InputStream.class).invoke(null, in);
        return new VaeGanReconstructionModel((VaeGan) call(loaded, "model"));
      }
      throw new IOException("this build has no checkpoint reader (" + TRAIN_FORMAT + ")");
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(String.valueOf(cause), cause);
    } catch (ReflectiveOperationException e) {
      throw new IOException("the checkpoint reader of this build has an unexpected API: " + e, e);
    }
  }

  private static Class<?> find(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  private static Object call(Object target, String method) throws ReflectiveOperationException {
    Method m = target.getClass().getMethod(method);
    m.setAccessible(true);
    return m.invoke(target);
  }
}
