package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** q(z|x): the conv body, flattened, then two linear heads μ and log σ². */
final class Encoder {
  /** The two heads' outputs, each [n, latent]. */
  record Output(INDArray mu, INDArray logVar) {}

  private final ConvBody body;
  private final Dense muHead;
  private final Dense logVarHead;
  private long[] bodyShape;

  Encoder(ParameterBlock block, ModelSpec spec) {
    body = new ConvBody(block, spec.channels(), spec.filters(), 1);
    long flat = (long) (spec.height() / 16) * (spec.width() / 16) * spec.filters() * 8;
    muHead = new Dense(block, flat, spec.latent(), true);
    logVarHead = new Dense(block, flat, spec.latent(), true);
  }

  /**
   * Starts log σ² at {@code logVariance} rather than 0: with σ = 1 the sampled code z = μ + σ·ε is almost all
   * noise (μ differs between frames by about 0.1 at initialisation), the decoder can then learn only the mean
   * frame, and the L_prior term (normalised by the pixel count) is far too weak to fix it. A small initial σ lets
   * the code carry the frame from the first step; L_prior still pulls σ towards 1.
   */
  void initialiseLogVariance(double logVariance) {
    logVarHead.initialiseBias(logVariance);
  }

  Output forward(INDArray x, BatchNorm.Mode mode) {
    INDArray top = body.forward(x, mode)[ConvBody.LAYERS - 1];
    bodyShape = top.shape();
    INDArray flat = top.reshape('c', bodyShape[0], top.length() / bodyShape[0]);
    return new Output(muHead.forward(flat), logVarHead.forward(flat));
  }

  /** Parameter gradients only: the encoder's input is data. */
  void backward(INDArray dMu, INDArray dLogVar) {
    INDArray dFlat = muHead.backward(dMu, true, true).addi(logVarHead.backward(dLogVar, true, true));
    INDArray[] dOut = new INDArray[ConvBody.LAYERS];
    dOut[ConvBody.LAYERS - 1] = dFlat.reshape('c', bodyShape);
    body.backward(dOut, false, true);
  }
}
