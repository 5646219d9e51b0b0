package io.autoencoded.job.model;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A diagnostic, not a test: times the decoder's four resize-convolution layers at a given size, forward and
 * backward (input and weight gradients), as {@link ResizeConvUp} computes them (one 3×3 convolution into the four
 * parities) and literally (nearest 2× into a buffer, then the 5×5 convolution), alternating the two in one JVM so
 * that the machine's load falls on both. Prints one JSON line per round.
 *
 * <pre>java -cp … io.autoencoded.job.model.ResizeConvTiming HEIGHT WIDTH FILTERS BATCH ROUNDS</pre>
 */
final class ResizeConvTiming {
  private ResizeConvTiming() {}

  public static void main(String[] args) {
    int height = Integer.parseInt(args[0]);
    int width = Integer.parseInt(args[1]);
    int filters = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    int rounds = Integer.parseInt(args[4]);
    int[] ins = {8 * filters, 4 * filters, 2 * filters, filters};
    int[] outs = {4 * filters, 2 * filters, filters, 3};
    ParameterBlock block = new ParameterBlock();
    ResizeConvUp[] layers = new ResizeConvUp[4];
    for (int l = 0; l < 4; l++) {
      layers[l] = new ResizeConvUp(block, ins[l], outs[l], l == 3);
    }
    block.allocate(DataType.FLOAT, Nd4j.getRandomFactory().getNewRandomInstance(1));
    INDArray[] xs = new INDArray[4];
    INDArray[] dys = new INDArray[4];
    INDArray[] weights = new INDArray[4];
    long offset = 0;
    for (int l = 0; l < 4; l++) {
      int h = height >> (4 - l);
      int w = width >> (4 - l);
      xs[l] = Nd4j.rand(DataType.FLOAT, batch, h, w, ins[l]);
      dys[l] = Nd4j.rand(DataType.FLOAT, batch, 2 * h, 2 * w, outs[l]);
      long len = 25L * ins[l] * outs[l];
      weights[l] = block.params().get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + len))
          .reshape('c', 5, 5, ins[l], outs[l]);
      offset += len + (l == 3 ? outs[l] : 0);
    }
    for (int r = 0; r <= rounds; r++) {
      long a = System.nanoTime();
      for (int l = 0; l < 4; l++) {
        layers[l].forward(xs[l]);
        layers[l].backward(dys[l], true, true);
      }
      long b = System.nanoTime();
      for (int l = 0; l < 4; l++) {
        literal(xs[l], weights[l], dys[l]);
      }
      long c = System.nanoTime();
      if (r > 0) { // round 0 warms up both
        System.out.printf(Locale.ROOT, "{\"round\": %d, \"parities_s\": %.3f, \"literal_s\": %.3f, \"ratio\": %.2f}%n",
            r, (b - a) / 1e9, (c - b) / 1e9, (double) (c - b) / (b - a));
      }
    }
  }

  /** Nearest 2× into a buffer, the 5×5 convolution, and its conv2d_bp, as the layer was computed before. */
  private static void literal(INDArray x, INDArray weights, INDArray dy) {
    INDArray up = Nd4j.createUninitialized(x.dataType(), x.size(0), 2 * x.size(1), 2 * x.size(2), x.size(3));
    INDArray blocks = up.reshape('c', x.size(0), x.size(1), 2, x.size(2), 2, x.size(3));
    for (int a = 0; a < 2; a++) {
      for (int b = 0; b < 2; b++) {
        blocks.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(a), NDArrayIndex.all(),
            NDArrayIndex.point(b), NDArrayIndex.all()).assign(x);
      }
    }
    Offheap.free(Conv2dDown.convolve(up, weights, null, 1));
    INDArray dUp = up.ulike();
    INDArray dW = weights.ulike();
    Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(up, weights, dy).addOutputs(dUp, dW)
        .addIntegerArguments(Conv2dDown.args(1)).build());
    Offheap.free(up, dUp, dW);
  }
}
