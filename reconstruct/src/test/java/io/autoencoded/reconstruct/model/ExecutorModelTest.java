package io.autoencoded.reconstruct.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One model per executor JVM and job: loaded once, replaced by the next job's, released with its job. */
class ExecutorModelTest {
  private static ReconstructionModel model(AtomicInteger loads) {
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
        return frames;
      }

      @Override
      public INDArray decode(INDArray latents) {
        return latents;
      }
    };
  }

  @Test
  void loadsOncePerKeyAndReplacesOnANewKey() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    ReconstructionModel a = ExecutorModel.get("app-1/0", () -> model(loads));
    assertSame(a, ExecutorModel.get("app-1/0", () -> model(loads)));
    assertEquals(1, loads.get());
    ReconstructionModel b = ExecutorModel.get("app-2/0", () -> model(loads));
    assertNotSame(a, b);
    assertEquals(2, loads.get());
    ExecutorModel.release("app-1/0"); // not held any more: nothing happens
    assertSame(b, ExecutorModel.get("app-2/0", () -> model(loads)));
    ExecutorModel.release("app-2/0");
    ExecutorModel.get("app-2/0", () -> model(loads));
    assertEquals(3, loads.get(), "released, so loaded again");
    ExecutorModel.release("app-2/0");
  }
}
