package io.autoencoded.job.train;

import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.StepLosses;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A small real model for testing the averaging machinery: a linear autoencoder x -> x We Wd over flattened
 * frames, mean squared error, trained with Adam (bias-corrected, step counter carried), all in ND4J. Gradients
 * are analytic; no randomness in a step, so distributed and local runs can be compared exactly.
 */
final class LinearAutoencoder implements TrainableModel {
  enum Factory implements ModelFactory {
    INSTANCE;

    @Override
    public TrainableModel create(ModelSpec spec) {
      return new LinearAutoencoder(spec);
    }
  }

  private static final double B1 = 0.9;
  private static final double B2 = 0.999;
  private static final double EPS = 1e-8;

  private final ModelSpec spec;
  private final int d;
  private final int k;
  private INDArray we;
  private INDArray wd;
  private INDArray mWe;
  private INDArray mWd;
  private INDArray vWe;
  private INDArray vWd;
  private long iteration;

  LinearAutoencoder(ModelSpec spec) {
    this.spec = spec;
    this.d = spec.channels() * spec.height() * spec.width();
    this.k = spec.latent();
    Random random = new Random(spec.seed());
    we = gaussian(random, d, k, Math.sqrt(1.0 / d));
    wd = gaussian(random, k, d, Math.sqrt(1.0 / k));
    mWe = Nd4j.zeros(DataType.FLOAT, d, k);
    mWd = Nd4j.zeros(DataType.FLOAT, k, d);
    vWe = Nd4j.zeros(DataType.FLOAT, d, k);
    vWd = Nd4j.zeros(DataType.FLOAT, k, d);
  }

  private static INDArray gaussian(Random random, int rows, int cols, double scale) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (random.nextGaussian() * scale);
    }
    return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT);
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public StepLosses trainStep(INDArray frames) {
    long n = frames.size(0);
    INDArray x = frames.reshape('c', n, d);
    INDArray z = x.mmul(we);
    INDArray r = z.mmul(wd).subi(x);
    double loss = r.mul(r).sumNumber().doubleValue() / (n * d);
    INDArray dy = r.muli(2.0 / (n * d));
    INDArray gWd = z.transpose().mmul(dy);
    INDArray gWe = x.transpose().mmul(dy.mmul(wd.transpose()));
    iteration++;
    double alpha = spec.learningRate() * Math.sqrt(1 - Math.pow(B2, iteration)) / (1 - Math.pow(B1, iteration));
    adam(we, mWe, vWe, gWe, alpha);
    adam(wd, mWd, vWd, gWd, alpha);
    return new StepLosses(0, loss, 0, loss, false, false);
  }

  private static void adam(INDArray w, INDArray m, INDArray v, INDArray g, double alpha) {
    m.muli(B1).addi(g.mul(1 - B1));
    v.muli(B2).addi(g.mul(g).muli(1 - B2));
    w.subi(m.div(Transforms.sqrt(v, true).addi(EPS)).muli(alpha));
  }

  @Override
  public INDArray reconstruct(INDArray frames) {
    long n = frames.size(0);
    return frames.reshape('c', n, d).mmul(we).mmul(wd).reshape('c', n, spec.channels(), spec.height(), spec.width());
  }

  @Override
  public INDArray decode(INDArray latents) {
    long n = latents.size(0);
    return latents.castTo(DataType.FLOAT).mmul(wd).reshape('c', n, spec.channels(), spec.height(), spec.width());
  }

  @Override
  public INDArray parameters() {
    return Nd4j.concat(1, we.reshape(1, (long) d * k), wd.reshape(1, (long) k * d));
  }

  @Override
  public void setParameters(INDArray flat) {
    we = slice(flat, 0, d, k);
    wd = slice(flat, (long) d * k, k, d);
  }

  @Override
  public INDArray updaterState() {
    long p = (long) d * k;
    return Nd4j.concat(1, mWe.reshape(1, p), mWd.reshape(1, p), vWe.reshape(1, p), vWd.reshape(1, p));
  }

  @Override
  public void setUpdaterState(INDArray flat) {
    long p = (long) d * k;
    mWe = slice(flat, 0, d, k);
    mWd = slice(flat, p, k, d);
    vWe = slice(flat, 2 * p, d, k);
    vWd = slice(flat, 3 * p, k, d);
  }

  private static INDArray slice(INDArray flat, long from, int rows, int cols) {
    float[] all = flat.castTo(DataType.FLOAT).data().asFloat();
    float[] part = java.util.Arrays.copyOfRange(all, (int) from, (int) from + rows * cols);
    return Nd4j.create(part, new long[] {rows, cols}, DataType.FLOAT);
  }

  @Override
  public long iteration() {
    return iteration;
  }

  @Override
  public void setIteration(long iteration) {
    this.iteration = iteration;
  }
}
