package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Frees ND4J's off-heap buffers as soon as a step is done with them. Left to the garbage collector,
 * activation-sized temporaries (the uncropped transposed convolutions, unused input gradients) pile up faster
 * than the small Java heap triggers collections and the process grows by gigabytes.
 */
final class Offheap {
  private Offheap() {}

  static void free(INDArray... arrays) {
    for (INDArray a : arrays) {
      if (a != null && a.closeable()) {
        a.close();
      }
    }
  }
}
