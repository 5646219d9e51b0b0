package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 5×5 transposed convolution, stride 2 (doubles height and width; PyTorch's ConvTranspose2d(5, 2, padding 2,
 * output_padding 1)) on NHWC activations: the exact adjoint of {@link Conv2dDown}, one GEMM then col2im.
 */
final class ConvTranspose2dUp {
  static final int K = Conv2dDown.K;
  static final int S = Conv2dDown.S;
  static final int P = Conv2dDown.P;

  private final int in;
  private final int out;
  private final ParameterBlock.Slot weight;
  private final ParameterBlock.Slot bias;
  private INDArray x2d;
  private long n;
  private long h;
  private long w;

  ConvTranspose2dUp(ParameterBlock block, int in, int out, boolean withBias) {
    this.in = in;
    this.out = out;
    // each output pixel receives about in·K·K/(S·S) products
    long fanIn = Math.max(1L, (long) in * K * K / (S * S));
    weight = block.param(ParameterBlock.Init.FAN_IN, fanIn, in, (long) out * K * K);
    bias = withBias ? block.param(ParameterBlock.Init.ZERO, 1, out) : null;
  }

  /** x [n, h, w, in] → [n, 2h, 2w, out]. */
  INDArray forward(INDArray x) {
    n = x.size(0);
    h = x.size(1);
    w = x.size(2);
    x2d = x.reshape('c', n * h * w, in);
    INDArray col = Nd4j.gemm(x2d, weight.value(), false, false);
    INDArray y = Nd4j.create(x.dataType(), n, h * S, w * S, out);
    Convolution.col2im(col.reshape('c', n, h, w, out, K, K).permute(0, 3, 4, 5, 1, 2), y.permute(0, 3, 1, 2),
        S, S, P, P, (int) (h * S), (int) (w * S), 1, 1);
    if (bias != null) {
      y.reshape('c', n * h * S * w * S, out).addiRowVector(bias.value());
    }
    return y;
  }

  INDArray backward(INDArray dy, boolean inputGrad, boolean paramGrad) {
    INDArray dcol = Nd4j.createUninitialized(dy.dataType(), n, h, w, out, K, K);
    Convolution.im2col(dy.permute(0, 3, 1, 2), K, K, S, S, P, P, 1, 1, false, dcol.permute(0, 3, 4, 5, 1, 2));
    INDArray dcol2d = dcol.reshape('c', n * h * w, (long) out * K * K);
    if (paramGrad) {
      Nd4j.gemm(x2d, dcol2d, weight.grad(), true, false, 1.0, 0.0);
      if (bias != null) {
        bias.grad().assign(dy.reshape('c', dy.length() / out, out).sum(0));
      }
    }
    if (!inputGrad) {
      return null;
    }
    return Nd4j.gemm(dcol2d, weight.value(), false, true).reshape('c', n, h, w, in);
  }
}
