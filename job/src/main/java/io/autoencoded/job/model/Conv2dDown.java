package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 5×5 convolution, stride 2, padding 2 (halves height and width) on NHWC activations, as explicit GEMMs over an
 * im2col matrix. The im2col matrix keeps libnd4j's natural layout [n, in·5·5, oh·ow] (writing any other layout
 * is an order of magnitude slower); one GEMM per frame with a transposed operand then yields NHWC directly.
 */
final class Conv2dDown {
  static final int K = 5;
  static final int S = 2;
  static final int P = 2;

  private final int in;
  private final int out;
  private final long kk;
  private final ParameterBlock.Slot weight;
  private final ParameterBlock.Slot bias;
  private INDArray input;
  private long n;
  private long h;
  private long w;

  Conv2dDown(ParameterBlock block, int in, int out, boolean withBias) {
    this.in = in;
    this.out = out;
    this.kk = (long) in * K * K;
    weight = block.param(ParameterBlock.Init.FAN_IN, kk, kk, out);
    bias = withBias ? block.param(ParameterBlock.Init.ZERO, 1, out) : null;
  }

  /**
   * x [n, h, w, in] → [n, h/2, w/2, out]. The im2col matrix is freed at once and rebuilt by a parameter-gradient
   * pass: holding it from forward to backward for every layer of the 3n-frame discriminator costs gigabytes.
   */
  INDArray forward(INDArray x) {
    input = x;
    n = x.size(0);
    h = x.size(1);
    w = x.size(2);
    long oh = h / S;
    long ow = w / S;
    INDArray colBase = Layouts.im2col(x, K, S, P);
    INDArray col = colBase.reshape('c', n, kk, oh * ow);
    INDArray y = Nd4j.createUninitialized(x.dataType(), n, oh, ow, out);
    INDArray y3 = y.reshape('c', n, oh * ow, out);
    INDArray wv = weight.value();
    for (long i = 0; i < n; i++) {
      Nd4j.gemm(col.slice(i), wv, y3.slice(i), true, false, 1.0, 0.0);
    }
    if (bias != null) {
      y.reshape('c', n * oh * ow, out).addiRowVector(bias.value());
    }
    Offheap.free(colBase);
    return y;
  }

  /** dy [n, h/2, w/2, out] → dx [n, h, w, in] (null unless inputGrad); parameter gradients if paramGrad. */
  INDArray backward(INDArray dy, boolean inputGrad, boolean paramGrad) {
    long oh = h / S;
    long ow = w / S;
    INDArray dy3 = dy.reshape('c', n, oh * ow, out);
    if (paramGrad) {
      INDArray colBase = Layouts.im2col(input, K, S, P);
      INDArray col = colBase.reshape('c', n, kk, oh * ow);
      INDArray gw = weight.grad();
      for (long i = 0; i < n; i++) {
        Nd4j.gemm(col.slice(i), dy3.slice(i), gw, false, false, 1.0, i == 0 ? 0.0 : 1.0);
      }
      if (bias != null) {
        bias.grad().assign(dy3.reshape('c', n * oh * ow, out).sum(0));
      }
      Offheap.free(colBase);
    }
    if (!inputGrad) {
      return null;
    }
    INDArray dcol = Nd4j.createUninitialized(dy.dataType(), n, kk, oh * ow);
    INDArray wv = weight.value();
    for (long i = 0; i < n; i++) {
      Nd4j.gemm(wv, dy3.slice(i), dcol.slice(i), false, true, 1.0, 0.0);
    }
    INDArray dx = Layouts.col2im(dcol, n, in, h, w, K, S, P);
    Offheap.free(dcol);
    return dx;
  }
}
