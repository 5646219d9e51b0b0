package io.autoencoded.deploy.film;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.StepLosses;
import io.autoencoded.job.train.ModelFactory;
import io.autoencoded.job.train.TrainableModel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The bench's bounded epoch: the first steps of each round train, the rest pass; the model's lifecycle passes on. */
class BoundedStepsFactoryTest {
  /** Counts what reaches the model; its step losses say which step they were. */
  private static final class Counting implements TrainableModel {
    int steps;
    int released;

    @Override
    public ModelSpec spec() {
      return null;
    }

    @Override
    public StepLosses trainStep(INDArray frames) {
      steps++;
      return new StepLosses(steps, 0, 0, 0, false, false);
    }

    @Override
    public INDArray reconstruct(INDArray frames) {
      return frames;
    }

    @Override
    public INDArray decode(INDArray latents) {
      return latents;
    }

    @Override
    public INDArray parameters() {
      return Nd4j.zeros(DataType.FLOAT, 1, 1);
    }

    @Override
    public void setParameters(INDArray flat) {}

    @Override
    public INDArray updaterState() {
      return Nd4j.zeros(DataType.FLOAT, 1, 1);
    }

    @Override
    public void setUpdaterState(INDArray flat) {}

    @Override
    public long iteration() {
      return steps;
    }

    @Override
    public void setIteration(long iteration) {}

    @Override
    public void release() {
      released++;
    }
  }

  @Test
  void eachRoundTrainsItsFirstStepsAndTheModelIsReleasedThrough() {
    Counting counting = new Counting();
    ModelFactory inner = spec -> counting;
    TrainableModel bounded = new BoundedStepsFactory(inner, 2).create(null);
    INDArray batch = Nd4j.zeros(DataType.FLOAT, 1, 3, 2, 2);
    bounded.setParameters(batch);
    for (int i = 0; i < 5; i++) {
      bounded.trainStep(batch);
    }
    assertEquals(2, counting.steps, "a round trains its first 2 minibatches only");
    assertEquals(2.0, bounded.trainStep(batch).prior(), "a minibatch passed over reports the last trained step");
    bounded.setParameters(batch); // the next round
    bounded.trainStep(batch);
    assertEquals(3, counting.steps);
    bounded.release();
    assertEquals(1, counting.released, "release() reaches the model (a torch replica's tensors, a GPU's memory)");
    assertSame(batch, bounded.reconstruct(batch));
  }
}
