package io.autoencoded.reconstruct.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One model per executor JVM and job: loaded once however many tasks use it at once, replaced by the next
 * job's, released with its job; a failed load is retried by the next batch and its error reaches the task.
 */
class ExecutorModelTest {
  /** A model that reconstructs every frame as itself: latents and frames are the input. */
  private static ReconstructionModel identity(AtomicInteger loads) {
    loads.incrementAndGet();
    return new ReconstructionModel() {
      @Override
      public int height() {
        return 16;
      }

      @Override
      public int width() {
        return 16;
      }

      @Override
      public INDArray encode(INDArray frames) {
        return frames.reshape(frames.size(0), frames.length() / frames.size(0));
      }

      @Override
      public INDArray decode(INDArray latents) {
        return latents;
      }
    };
  }

  private static List<byte[]> frames(int n, int value) {
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] f = new byte[16 * 16 * 3];
      java.util.Arrays.fill(f, (byte) value);
      frames.add(f);
    }
    return frames;
  }

  @Test
  void concurrentTasksShareOneLoadAndGetTheirOwnFrames() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    ExecutorService tasks = Executors.newFixedThreadPool(4);
    try {
      List<Future<BatchReconstructor.Output>> outputs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int value = 10 * t;
        outputs.add(tasks.submit(() -> ExecutorModel.run("app-1/0", () -> identity(loads), 0, frames(3, value))));
      }
      for (int t = 0; t < 8; t++) {
        BatchReconstructor.Output out = outputs.get(t).get();
        assertEquals(3, out.frames());
        float expected = (float) (10 * t / 127.5 - 1);
        float[] pixels = out.pixels();
        float[] want = new float[pixels.length];
        java.util.Arrays.fill(want, expected);
        assertArrayEquals(want, pixels, 1e-6f);
      }
    } finally {
      tasks.shutdown();
    }
    assertEquals(1, loads.get());
    ExecutorModel.run("app-2/0", () -> identity(loads), 0, frames(1, 0));
    assertEquals(2, loads.get(), "another job's model replaces it");
    ExecutorModel.release("app-1/0"); // not held any more: nothing happens
    ExecutorModel.run("app-2/0", () -> identity(loads), 0, frames(1, 0));
    assertEquals(2, loads.get());
    ExecutorModel.release("app-2/0");
    ExecutorModel.run("app-2/0", () -> identity(loads), 0, frames(1, 0));
    assertEquals(3, loads.get(), "released, so loaded again");
    ExecutorModel.release("app-2/0");
  }

  @Test
  void aFailedLoadReachesTheTaskAndIsRetried() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    IOException failure = assertThrows(IOException.class,
        () -> ExecutorModel.run("app-3/0", () -> { throw new IOException("corrupt"); }, 0, frames(1, 0)));
    assertEquals("corrupt", failure.getMessage());
    ExecutorModel.run("app-3/0", () -> identity(loads), 0, frames(1, 0));
    assertEquals(1, loads.get());
    ExecutorModel.release("app-3/0");
  }
}
