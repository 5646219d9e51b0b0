package io.autoencoded.job.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Structured test frames: coloured gradients with a moving disc, in [-1, 1], NCHW float. */
final class SyntheticFrames {
  private SyntheticFrames() {}

  static INDArray batch(int n, int height, int width, long seed) {
    java.util.Random random = new java.util.Random(seed);
    float[] data = new float[n * 3 * height * width];
    for (int i = 0; i < n; i++) {
      double cx = random.nextDouble() * width;
      double cy = random.nextDouble() * height;
      double r = (0.15 + 0.2 * random.nextDouble()) * height;
      double[] tint = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
      double phase = random.nextDouble() * Math.PI * 2;
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            double v = 0.5 * Math.sin(phase + c + 3.0 * x / width) * (double) y / height;
            if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r) {
              v = 2 * tint[c] - 1;
            }
            data[((i * 3 + c) * height + y) * width + x] = (float) Math.max(-1, Math.min(1, v));
          }
        }
      }
    }
    return Nd4j.create(data, new long[] {n, 3, height, width}, 'c').castTo(DataType.FLOAT);
  }
}
