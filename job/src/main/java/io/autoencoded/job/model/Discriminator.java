package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** The conv body (its own weights), flattened, then a linear layer to one logit per frame. */
final class Discriminator {
  /** Logits [n, 1] and the four conv layers' outputs (the learned-similarity features). */
  record Output(INDArray logits, INDArray[] features) {}

  private final ConvBody body;
  private final Dense head;
  private long[] topShape;

  Discriminator(ParameterBlock block, ModelSpec spec) {
    // training judges [x; x̃; x_p] in one pass: "separate" normalises the three as three calls would
    body = new ConvBody(block, spec.channels(), spec.filters(),
        ModelSpec.SEPARATE.equals(spec.discriminatorBatches()) ? 3 : 1);
    long flat = (long) (spec.height() / 16) * (spec.width() / 16) * spec.filters() * 8;
    head = new Dense(block, flat, 1, true);
  }

  Output forward(INDArray x, BatchNorm.Mode mode) {
    INDArray[] features = body.forward(x, mode);
    INDArray top = features[ConvBody.LAYERS - 1];
    topShape = top.shape();
    return new Output(head.forward(top.reshape('c', topShape[0], top.length() / topShape[0])), features);
  }

  /**
   * Gradient w.r.t. the input frames of a loss that reaches the logits ({@code dLogits}, may be null) and the
   * features ({@code dFeatures[l]}, null where none); parameter gradients only if paramGrad.
   */
  INDArray backward(INDArray dLogits, INDArray[] dFeatures, boolean paramGrad) {
    INDArray[] d = dFeatures == null ? new INDArray[ConvBody.LAYERS] : dFeatures.clone();
    if (dLogits != null) {
      INDArray dTop = head.backward(dLogits, true, paramGrad).reshape('c', topShape);
      int last = ConvBody.LAYERS - 1;
      d[last] = d[last] == null ? dTop : dTop.addi(d[last]);
    }
    return body.backward(d, true, paramGrad);
  }
}
