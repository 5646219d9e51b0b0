package io.autoencoded.job.model.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * VaeGan's 5×5 stride-2 transposed convolution (PyTorch's ConvTranspose2d(5, 2, padding 2, output_padding 1)),
 * weights [5, 5, out, in] as VaeGan holds them. DJL's PyTorch engine has no transposed convolution, so it is
 * computed as what it equals: the input with a zero after every pixel (each row and column), padded by 2, convolved
 * at stride 1 with the kernel flipped in both spatial axes.
 */
final class TorchConvTransposeUp implements TorchUpsampler {
  static final int K = 5;

  private final int out;
  private final TorchBlock.Slot weight;
  private final TorchBlock.Slot bias;

  TorchConvTransposeUp(TorchBlock block, int in, int out, boolean withBias) {
    this.out = out;
    weight = block.param(K, K, out, in);
    bias = withBias ? block.param(out) : null;
  }

  @Override
  public NDArray forward(NDArray x) {
    Shape s = x.getShape();
    long n = s.get(0);
    long c = s.get(1);
    long h = s.get(2);
    long w = s.get(3);
    // [n, c, h, 1, w, 1] → zeros beside each pixel along both axes → [n, c, 2h, 2w], pixel (y, x) at (2y, 2x)
    NDArray pixels = x.reshape(n, c, h, 1, w, 1);
    NDArray rows = pixels.concat(pixels.zerosLike(), 3);
    NDArray spread = rows.concat(rows.zerosLike(), 5).reshape(n, c, 2 * h, 2 * w);
    NDArray kernel = weight.value().flip(0, 1).transpose(2, 3, 0, 1);
    return TorchOps.conv2d(spread, kernel, bias == null ? null : bias.value(), 1, 2);
  }
}
