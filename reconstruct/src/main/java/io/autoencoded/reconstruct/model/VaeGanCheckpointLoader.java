package io.autoencoded.reconstruct.model;

import io.autoencoded.job.model.VaeGan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Loads a VAE-GAN checkpoint written by training ({@code io.autoencoded.job.model.Checkpoint}).
 *
 * <p>Bound by reflection to {@code Checkpoint.read(InputStream).model()} because the checkpoint format lands on
 * the model branch independently of this module; once both are on main this can call it directly.
 */
public final class VaeGanCheckpointLoader implements ModelLoader {
  private static final long serialVersionUID = 1L;
  static final String CHECKPOINT_CLASS = "io.autoencoded.job.model.Checkpoint";

  @Override
  public ReconstructionModel load(byte[] checkpoint) throws IOException {
    Class<?> type;
    try {
      type = Class.forName(CHECKPOINT_CLASS);
    } catch (ClassNotFoundException e) {
      throw new IOException("this build has no checkpoint reader (" + CHECKPOINT_CLASS + ")", e);
    }
    try (InputStream in = new ByteArrayInputStream(checkpoint)) {
      Method read = type.getMethod("read", InputStream.class);
      Object loaded = read.invoke(null, in);
      Method model = loaded.getClass().getMethod("model");
      model.setAccessible(true);
      return new VaeGanReconstructionModel((VaeGan) model.invoke(loaded));
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
      throw new IOException("the checkpoint reader does not offer read(InputStream).model(): " + e, e);
    }
  }
}
