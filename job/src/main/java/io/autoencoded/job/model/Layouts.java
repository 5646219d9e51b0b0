package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * im2col / col2im between NHWC activations and libnd4j's natural column layout [n, c, k, k, oh, ow]. libnd4j
 * is fast only on c-contiguous NCHW images and natural columns, so images are transposed to NCHW around it.
 */
final class Layouts {
  private Layouts() {}

  /** x [n, h, w, c] → columns [n, c, k, k, h/s, w/s]. */
  static INDArray im2col(INDArray x, int k, int s, int p) {
    long n = x.size(0);
    long h = x.size(1);
    long w = x.size(2);
    long c = x.size(3);
    INDArray nchw = x.permute(0, 3, 1, 2).dup('c');
    INDArray col = Nd4j.createUninitialized(x.dataType(), n, c, k, k, h / s, w / s);
    Convolution.im2col(nchw, k, k, s, s, p, p, 1, 1, false, col);
    Offheap.free(nchw);
    return col;
  }

  /** columns (any shape holding [n, c, k, k, h/s, w/s] in c order) → image [n, h, w, c] (sums overlaps). */
  static INDArray col2im(INDArray columns, long n, long c, long h, long w, int k, int s, int p) {
    INDArray col = columns.reshape('c', n, c, k, k, h / s, w / s);
    INDArray nchw = Nd4j.create(columns.dataType(), n, c, h, w);
    Convolution.col2im(col, nchw, s, s, p, p, (int) h, (int) w, 1, 1);
    INDArray nhwc = Nd4j.createUninitialized(columns.dataType(), n, h, w, c);
    nhwc.assign(nchw.permute(0, 2, 3, 1));
    Offheap.free(nchw);
    return nhwc;
  }
}
