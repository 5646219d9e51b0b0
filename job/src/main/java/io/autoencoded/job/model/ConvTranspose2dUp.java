package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 5×5 transposed convolution, stride 2 (doubles height and width; PyTorch's ConvTranspose2d(5, 2, padding 2,
 * output_padding 1)) on NHWC activations: the decoder's upsampling layer, a {@link TransposedConv} with its own
 * weights [5, 5, out, in].
 */
final class ConvTranspose2dUp implements Upsampler {
  static final int K = Conv2dDown.K;
  static final int S = Conv2dDown.S;

  private final ParameterBlock.Slot weight;
  private final ParameterBlock.Slot bias;
  private INDArray input;

  ConvTranspose2dUp(ParameterBlock block, int in, int out, boolean withBias) {
    // each output pixel receives about in·K·K/(S·S) products
    long fanIn = Math.max(1L, (long) in * K * K / (S * S));
    // format ≤ 2 held the GEMM's [in, out·5·5]
    weight = block.param(ParameterBlock.Init.FAN_IN, fanIn, K, K, out, in)
        .legacyLayout(new long[] {in, out, K, K}, 2, 3, 1, 0);
    bias = withBias ? block.param(ParameterBlock.Init.ZERO, 1, out) : null;
  }

  @Override
  public INDArray forward(INDArray x) {
    input = x;
    return TransposedConv.forward(x, weight.value(), bias == null ? null : bias.value());
  }

  @Override
  public INDArray backward(INDArray dy, boolean inputGrad, boolean paramGrad) {
    if (!paramGrad) {
      return inputGrad ? Conv2dDown.convolve(dy, weight.value(), null) : null;
    }
    return TransposedConv.backward(input, weight.value(), bias == null ? null : bias.value(), dy, weight.grad(),
        bias == null ? null : bias.grad(), inputGrad);
  }
}
