package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 5×5 transposed convolution, stride 2 (doubles height and width; PyTorch's ConvTranspose2d(5, 2, padding 2,
 * output_padding 1)) on NHWC activations: the exact adjoint of {@link Conv2dDown}, per-frame GEMMs then col2im.
 */
final class ConvTranspose2dUp {
  static final int K = Conv2dDown.K;
  static final int S = Conv2dDown.S;
  static final int P = Conv2dDown.P;

  private final int in;
  private final int out;
  private final long kk;
  private final ParameterBlock.Slot weight;
  private final ParameterBlock.Slot bias;
  private INDArray x3;
  private long n;
  private long h;
  private long w;

  ConvTranspose2dUp(ParameterBlock block, int in, int out, boolean withBias) {
    this.in = in;
    this.out = out;
    this.kk = (long) out * K * K;
    // each output pixel receives about in·K·K/(S·S) products
    long fanIn = Math.max(1L, (long) in * K * K / (S * S));
    weight = block.param(ParameterBlock.Init.FAN_IN, fanIn, in, kk);
    bias = withBias ? block.param(ParameterBlock.Init.ZERO, 1, out) : null;
  }

  /** x [n, h, w, in] → [n, 2h, 2w, out]. */
  INDArray forward(INDArray x) {
    n = x.size(0);
    h = x.size(1);
    w = x.size(2);
    x3 = x.reshape('c', n, h * w, in);
    INDArray col = Nd4j.createUninitialized(x.dataType(), n, kk, h * w);
    INDArray wv = weight.value();
    for (long i = 0; i < n; i++) {
      Nd4j.gemm(wv, x3.slice(i), col.slice(i), true, true, 1.0, 0.0);
    }
    INDArray y = Layouts.col2im(col, n, out, h * S, w * S, K, S, P);
    Offheap.free(col);
    if (bias != null) {
      y.reshape('c', y.length() / out, out).addiRowVector(bias.value());
    }
    return y;
  }

  INDArray backward(INDArray dy, boolean inputGrad, boolean paramGrad) {
    INDArray dcolBase = Layouts.im2col(dy, K, S, P);
    INDArray dcol = dcolBase.reshape('c', n, kk, h * w);
    if (paramGrad) {
      INDArray gw = weight.grad();
      for (long i = 0; i < n; i++) {
        Nd4j.gemm(x3.slice(i), dcol.slice(i), gw, true, true, 1.0, i == 0 ? 0.0 : 1.0);
      }
      if (bias != null) {
        bias.grad().assign(dy.reshape('c', dy.length() / out, out).sum(0));
      }
    }
    if (!inputGrad) {
      Offheap.free(dcolBase);
      return null;
    }
    INDArray dx = Nd4j.createUninitialized(dy.dataType(), n, h, w, in);
    INDArray dx3 = dx.reshape('c', n, h * w, in);
    INDArray wv = weight.value();
    for (long i = 0; i < n; i++) {
      Nd4j.gemm(dcol.slice(i), wv, dx3.slice(i), true, true, 1.0, 0.0);
    }
    Offheap.free(dcolBase);
    return dx;
  }
}
