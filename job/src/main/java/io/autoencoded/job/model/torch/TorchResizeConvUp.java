package io.autoencoded.job.model.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * VaeGan's resize-convolution (nearest-neighbour 2×, then a 5×5 convolution with padding 2; weights
 * [5, 5, in, out]), computed as VaeGan's ResizeConvUp computes it: one 3×3 convolution into the four output
 * parities' channels, interleaved into the 2× image (36 multiplies per input pixel and channel pair instead of 100,
 * and no upsampled copy). The parity kernels are a fixed linear map of the 5×5 weights, applied inside the
 * autograd graph, so the weights' gradient flows back through its transpose.
 */
final class TorchResizeConvUp implements TorchUpsampler {
  static final int K = 5;
  private static final int PARITIES = 4;
  private static final int TAPS = 3;

  private final int in;
  private final int out;
  private final TorchBlock.Slot weight;
  private final TorchBlock.Slot bias;
  private NDArray taps;

  TorchResizeConvUp(TorchBlock block, int in, int out, boolean withBias) {
    this.in = in;
    this.out = out;
    weight = block.param(K, K, in, out);
    bias = withBias ? block.param(out) : null;
  }

  @Override
  public NDArray forward(NDArray x) {
    long n = x.getShape().get(0);
    long h = x.getShape().get(2);
    long w = x.getShape().get(3);
    NDArray weights = weight.value();
    // [3·3·4, 25]·[25, in·out] → (ty, tx, parity, in, out) → libtorch's [parity·out + c, in, ty, tx]
    NDArray kernels = taps(weights).matMul(weights.reshape(K * K, (long) in * out))
        .reshape(TAPS, TAPS, PARITIES, in, out).transpose(2, 4, 3, 0, 1).reshape((long) PARITIES * out, in, TAPS, TAPS);
    NDArray z = TorchOps.conv2d(x, kernels, null, 1, 1);
    // channel (2a + b)·out + c of input pixel (i, j) is output pixel (2i + a, 2j + b)
    NDArray y = z.reshape(n, 2, 2, out, h, w).transpose(0, 3, 4, 1, 5, 2).reshape(n, out, 2 * h, 2 * w);
    return bias == null ? y : y.add(bias.value().reshape(1, out, 1, 1));
  }

  /**
   * The 0/1 map [3·3·4, 5·5] from the 5×5 taps to the parity kernels' taps, VaeGan's: rows (ty·3 + tx)·4 + 2a + b;
   * the 5×5 tap dy of an output row of parity a reads input row i + ⌊(a + dy − 2) / 2⌋, tap ⌊(a + dy − 2) / 2⌋ + 1.
   * Made once per layer, on the weights' device and in their precision.
   */
  private NDArray taps(NDArray like) {
    if (taps == null) {
      double[] map = new double[TAPS * TAPS * PARITIES * K * K];
      for (int a = 0; a < 2; a++) {
        for (int b = 0; b < 2; b++) {
          for (int dy = 0; dy < K; dy++) {
            for (int dx = 0; dx < K; dx++) {
              int ty = Math.floorDiv(a + dy - 2, 2) + 1;
              int tx = Math.floorDiv(b + dx - 2, 2) + 1;
              map[((ty * TAPS + tx) * PARITIES + 2 * a + b) * K * K + dy * K + dx] = 1;
            }
          }
        }
      }
      try (NDArray host = like.getManager().create(map, new Shape(TAPS * TAPS * PARITIES, K * K))) {
        // a copy libtorch owns: the host array's memory goes with it (see TorchOps.constant)
        taps = host.toType(like.getDataType(), false).duplicate();
      }
      // kept across steps: out of any scope that closes a step's temporaries
      NDScope.unregister(taps);
    }
    return taps;
  }
}
