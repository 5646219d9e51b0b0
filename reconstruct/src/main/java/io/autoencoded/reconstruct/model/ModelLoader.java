package io.autoencoded.reconstruct.model;

import java.io.IOException;
import java.io.Serializable;

/**
 * Turns a checkpoint's bytes into a model. Serializable because every executor loads its own copy from the
 * broadcast bytes. A checkpoint that cannot be read throws {@link IOException} or a runtime exception; the
 * caller turns that into a one-line error naming the checkpoint.
 */
@FunctionalInterface
public interface ModelLoader extends Serializable {
  ReconstructionModel load(byte[] checkpoint) throws IOException;

  /** The part of a (readable) checkpoint that {@link #load} needs: what the job broadcasts. */
  default byte[] forExecutors(byte[] checkpoint) throws IOException {
    return checkpoint;
  }
}
