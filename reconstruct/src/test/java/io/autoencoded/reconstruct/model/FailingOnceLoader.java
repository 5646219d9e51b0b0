package io.autoencoded.reconstruct.model;

import java.io.IOException;
import org.apache.spark.TaskContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The block-average model, except that the first attempt of one Spark partition dies half-way through its
 * segment (after its first batch was written): Spark retries the task, which must replace, not add to, what
 * the failed attempt wrote.
 */
public record FailingOnceLoader(int partition) implements ModelLoader {
  @Override
  public ReconstructionModel load(byte[] checkpoint) throws IOException {
    ReconstructionModel inner = BlockAverageModel.LOADER.load(checkpoint);
    TaskContext task = TaskContext.get();
    boolean doomed = task != null && task.partitionId() == partition && task.attemptNumber() == 0;
    return new ReconstructionModel() {
      private int batches;

      @Override
      public int height() {
        return inner.height();
      }

      @Override
      public int width() {
        return inner.width();
      }

      @Override
      public INDArray encode(INDArray frames) {
        return inner.encode(frames);
      }

      @Override
      public INDArray decode(INDArray latents) {
        if (doomed && ++batches == 2) {
          throw new IllegalStateException("injected failure in the first attempt of partition " + partition);
        }
        return inner.decode(latents);
      }
    };
  }
}
