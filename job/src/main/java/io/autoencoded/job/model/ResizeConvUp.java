package io.autoencoded.job.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Resize-convolution upsampling (Odena et al. 2016): nearest-neighbour 2× then a 5×5 stride-1 convolution (padding
 * 2), weights [5, 5, in, out]. Every output pixel gets the same number of kernel taps, so unlike the stride-2
 * transposed convolution it cannot draw a checkerboard from uneven overlap.
 *
 * <p>It is computed without the upsampled image. An output pixel of row parity a and column parity b reads only
 * a 3×3 neighbourhood of the low-resolution input, each of whose pixels is hit by one or two of the 5×5 taps: so
 * the layer equals one 3×3 convolution of the input with 4·out channels (the four parities' kernels, each tap the
 * sum of the 5×5 taps that land on the same input pixel), whose channels are then interleaved into a 2× larger
 * image. That is 36 multiplies per input pixel and channel pair instead of 100, and no upsampled copy to keep for
 * the backward pass. The weights stay the 5×5 kernel: the parity kernels are a fixed linear map of them, and their
 * gradient maps back through its transpose.
 */
final class ResizeConvUp implements Upsampler {
  static final int K = 5;
  private static final int PARITIES = 4;
  private static final int TAPS = 3;

  /** libnd4j's conv2d arguments for the parity kernels: 3×3, stride 1, padding 1, NHWC, weights [3, 3, in, out]. */
  private static final int[] ARGS = {TAPS, TAPS, 1, 1, 1, 1, 1, 1, 0, 1, 0};

  private final int in;
  private final int out;
  private final ParameterBlock.Slot weight;
  private final ParameterBlock.Slot bias;
  private INDArray taps;
  private INDArray input;
  private INDArray parityKernels;
  private INDArray parityBias;

  ResizeConvUp(ParameterBlock block, int in, int out, boolean withBias) {
    this.in = in;
    this.out = out;
    weight = block.param(ParameterBlock.Init.FAN_IN, (long) in * K * K, K, K, in, out);
    bias = withBias ? block.param(ParameterBlock.Init.ZERO, 1, out) : null;
  }

  @Override
  public INDArray forward(INDArray x) {
    input = x;
    parityKernels = parityKernels(weight.value());
    parityBias = bias == null ? null : tiled(bias.value());
    long n = x.size(0);
    long h = x.size(1);
    long w = x.size(2);
    INDArray z = Nd4j.createUninitialized(x.dataType(), n, h, w, (long) PARITIES * out);
    INDArray[] inputs = bias == null ? new INDArray[] {x, parityKernels} : new INDArray[] {x, parityKernels, parityBias};
    Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(inputs).addOutputs(z).addIntegerArguments(ARGS).build());
    // channel (2a + b)·out + c of input pixel (i, j) is output pixel (2i + a, 2j + b)
    INDArray y = z.reshape('c', n, h, w, 2, 2, out).permute(0, 1, 3, 2, 4, 5).dup('c')
        .reshape('c', n, 2 * h, 2 * w, out);
    Offheap.free(z);
    return y;
  }

  @Override
  public INDArray backward(INDArray dy, boolean inputGrad, boolean paramGrad) {
    long n = dy.size(0);
    long h = dy.size(1) / 2;
    long w = dy.size(2) / 2;
    INDArray dz = dy.reshape('c', n, h, 2, w, 2, out).permute(0, 1, 3, 2, 4, 5).dup('c')
        .reshape('c', n, h, w, (long) PARITIES * out);
    INDArray dx = Nd4j.createUninitialized(input.dataType(), input.shape());
    // conv2d_bp always writes the kernels' gradients, used only when this pass trains the layer
    INDArray dKernels = parityKernels.ulike();
    INDArray dBias = bias == null ? null : Nd4j.create(dy.dataType(), (long) PARITIES * out);
    INDArray[] inputs = bias == null ? new INDArray[] {input, parityKernels, dz}
        : new INDArray[] {input, parityKernels, parityBias, dz};
    INDArray[] outputs = bias == null ? new INDArray[] {dx, dKernels} : new INDArray[] {dx, dKernels, dBias};
    Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(inputs).addOutputs(outputs).addIntegerArguments(ARGS)
        .build());
    Offheap.free(dz);
    if (paramGrad) {
      INDArray byParity = dKernels.reshape('c', TAPS, TAPS, in, PARITIES, out).permute(0, 1, 3, 2, 4).dup('c')
          .reshape('c', (long) TAPS * TAPS * PARITIES, (long) in * out);
      Nd4j.gemm(taps(dy.dataType()), byParity, weight.grad().reshape('c', K * K, (long) in * out), true, false,
          1.0, 0.0);
      Offheap.free(byParity);
      if (bias != null) {
        bias.grad().assign(dBias.reshape('c', PARITIES, out).sum(0));
      }
    }
    Offheap.free(dKernels, dBias);
    if (!inputGrad) {
      Offheap.free(dx);
      return null;
    }
    return dx;
  }

  /** weights [5, 5, in, out] → the parity kernels [3, 3, in, 4·out] (channel (2a + b)·out + c). */
  private INDArray parityKernels(INDArray weights) {
    INDArray byParity = Nd4j.gemm(taps(weights.dataType()), weights.reshape('c', K * K, (long) in * out), false,
        false);
    INDArray kernels = byParity.reshape('c', TAPS, TAPS, PARITIES, in, out).permute(0, 1, 3, 2, 4).dup('c')
        .reshape('c', TAPS, TAPS, in, (long) PARITIES * out);
    Offheap.free(byParity);
    return kernels;
  }

  /**
   * The 0/1 map [3·3·4, 5·5] from the 5×5 taps to the parity kernels' taps, rows (ty·3 + tx)·4 + 2a + b: the
   * 5×5 tap dy of an output row of parity a reads upsampled row 2i + a + dy − 2, which is input row
   * i + ⌊(a + dy − 2) / 2⌋, tap ⌊(a + dy − 2) / 2⌋ + 1 of the 3×3 kernel.
   */
  private INDArray taps(DataType type) {
    if (taps == null || taps.dataType() != type) {
      float[] map = new float[TAPS * TAPS * PARITIES * K * K];
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
      // kept across steps: never in a workspace (the reconstruction's are reset every batch)
      try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        taps = Nd4j.create(map, new long[] {TAPS * TAPS * PARITIES, K * K}, 'c').castTo(type);
      }
    }
    return taps;
  }

  /** bias [out] repeated for the four parities: [4·out]. */
  private INDArray tiled(INDArray b) {
    INDArray t = Nd4j.createUninitialized(b.dataType(), PARITIES, out);
    for (int p = 0; p < PARITIES; p++) {
      t.getRow(p).assign(b.reshape(out));
    }
    return t.reshape(PARITIES * out);
  }
}
