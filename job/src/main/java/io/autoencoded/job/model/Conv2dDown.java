package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 5×5 convolution, stride 2, padding 2 (halves height and width) on NHWC activations, computed as one GEMM over
 * an im2col matrix laid out [n·oh·ow, in·5·5] so that the product is already NHWC: no layout copies.
 */
final class Conv2dDown {
  static final int K = 5;
  static final int S = 2;
  static final int P = 2;

  private final int in;
  private final int out;
  private final ParameterBlock.Slot weight;
  private final ParameterBlock.Slot bias;
  private INDArray col2d;
  private long n;
  private long h;
  private long w;

  Conv2dDown(ParameterBlock block, int in, int out, boolean withBias) {
    this.in = in;
    this.out = out;
    long fanIn = (long) in * K * K;
    weight = block.param(ParameterBlock.Init.FAN_IN, fanIn, fanIn, out);
    bias = withBias ? block.param(ParameterBlock.Init.ZERO, 1, out) : null;
  }

  /** x [n, h, w, in] → [n, h/2, w/2, out]. */
  INDArray forward(INDArray x) {
    n = x.size(0);
    h = x.size(1);
    w = x.size(2);
    long oh = h / S;
    long ow = w / S;
    INDArray col = Nd4j.createUninitialized(x.dataType(), n, oh, ow, in, K, K);
    Convolution.im2col(x.permute(0, 3, 1, 2), K, K, S, S, P, P, 1, 1, false, col.permute(0, 3, 4, 5, 1, 2));
    col2d = col.reshape('c', n * oh * ow, (long) in * K * K);
    INDArray y = Nd4j.gemm(col2d, weight.value(), false, false);
    if (bias != null) {
      y.addiRowVector(bias.value());
    }
    return y.reshape('c', n, oh, ow, out);
  }

  /** dy [n, h/2, w/2, out] → dx [n, h, w, in] (null unless inputGrad); parameter gradients if paramGrad. */
  INDArray backward(INDArray dy, boolean inputGrad, boolean paramGrad) {
    long oh = h / S;
    long ow = w / S;
    INDArray dy2d = dy.reshape('c', n * oh * ow, out);
    if (paramGrad) {
      Nd4j.gemm(col2d, dy2d, weight.grad(), true, false, 1.0, 0.0);
      if (bias != null) {
        bias.grad().assign(dy2d.sum(0));
      }
    }
    if (!inputGrad) {
      return null;
    }
    INDArray dcol = Nd4j.gemm(dy2d, weight.value(), false, true);
    INDArray dx = Nd4j.create(dy.dataType(), n, h, w, in);
    Convolution.col2im(dcol.reshape('c', n, oh, ow, in, K, K).permute(0, 3, 4, 5, 1, 2), dx.permute(0, 3, 1, 2),
        S, S, P, P, (int) h, (int) w, 1, 1);
    return dx;
  }
}
