package io.autoencoded.job.model.torch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A constant that autograd saves for the backward pass outlives the call that made it. DJL's {@code x.mul(k)}
 * makes its scalar a view of a Java direct buffer and closes it as soon as the product exists; autograd keeps the
 * scalar for the gradient, so once Java collects and frees that buffer the backward pass reads whatever memory is
 * there next (seen as NaN and wrong gradients in TorchParityTest, at random, under load). Here the freed memory
 * is collected and written over with NaN between the forward and the backward pass. With DJL's {@code y.mul(k)}
 * in place of {@link TorchOps#mul} this test fails on every run (tried: gradients of 0 and NaN).
 */
class TorchMemoryOwnershipTest {
  private static final Device DEVICE = TorchRuntime.device();
  private static final int FACTORS = 300;

  @Test
  void constantsSavedForTheBackwardPassSurviveTheCollectionOfJavaBuffers() throws InterruptedException {
    for (DataType type : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
      try (NDManager manager = NDManager.newBaseManager(DEVICE, "PyTorch")) {
        NDArray x = manager.ones(new Shape(16), type);
        x.setRequiresGradient(true);
        boolean was = TorchOps.recordGradients(true);
        double expected = 1;
        NDArray y = x;
        for (int i = 0; i < FACTORS; i++) {
          double k = 1 + (i % 7) * 1e-3;
          y = TorchOps.mul(y, k);
          expected *= type == DataType.FLOAT32 ? (float) k : k;
        }
        overwriteFreedMemory();
        TorchOps.backward(y.sum(), false);
        TorchOps.recordGradients(was);
        for (double g : x.getGradient().toType(DataType.FLOAT64, false).toDoubleArray()) {
          assertTrue(Math.abs(g - expected) <= 1e-4 * expected, type + ": the gradient is " + g + ", not " + expected
              + ": the backward pass read a constant's memory after Java freed it");
        }
      }
    }
  }

  /** Collects unreachable direct buffers, then takes memory of many small sizes and fills it with NaN. */
  private static void overwriteFreedMemory() throws InterruptedException {
    for (int round = 0; round < 3; round++) {
      System.gc();
      Thread.sleep(100); // the cleaner thread frees collected direct buffers after the collection
      List<ByteBuffer> held = new ArrayList<>();
      for (int size = 1; size <= 4096; size += 1 + size / 16) {
        for (int copy = 0; copy < 64; copy++) {
          ByteBuffer b = ByteBuffer.allocateDirect(size);
          while (b.hasRemaining()) {
            b.put((byte) 0xFF); // NaN in either precision
          }
          held.add(b);
        }
      }
      held.clear();
    }
  }
}
