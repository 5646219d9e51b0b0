package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation over the rows of a [rows, channels] matrix (NHWC activations seen as 2-D), with a learned
 * scale and shift per channel and running statistics for inference. The cache of the last training forward
 * survives any number of backward passes (the VAE-GAN backpropagates some networks twice per forward).
 */
final class BatchNorm {
  /** How a forward pass treats statistics. */
  enum Mode {
    /** Batch statistics; running statistics updated (a training step). */
    TRAIN,
    /** Batch statistics; running statistics left alone (gradient checks, loss evaluation). */
    TRAIN_FROZEN,
    /** Running statistics: deterministic inference. */
    INFER
  }

  static final double EPS = 1e-5;
  static final double DECAY = 0.9;

  private final ParameterBlock.Slot scale;
  private final ParameterBlock.Slot shift;
  private final ParameterBlock.Slot runningMean;
  private final ParameterBlock.Slot runningVar;
  private INDArray xHat;
  private INDArray invStd;

  BatchNorm(ParameterBlock block, int channels) {
    scale = block.param(ParameterBlock.Init.ONE, 1, channels);
    shift = block.param(ParameterBlock.Init.ZERO, 1, channels);
    runningMean = block.stat(ParameterBlock.Init.ZERO, channels);
    runningVar = block.stat(ParameterBlock.Init.ONE, channels);
  }

  INDArray forward(INDArray x, Mode mode) {
    if (mode == Mode.INFER) {
      INDArray inv = Transforms.pow(runningVar.value().add(EPS), -0.5, false);
      INDArray mult = inv.muli(scale.value());
      return x.subRowVector(runningMean.value()).muliRowVector(mult).addiRowVector(shift.value());
    }
    long rows = x.size(0);
    INDArray mean = x.mean(0);
    INDArray centred = x.subRowVector(mean);
    INDArray var = centred.mul(centred).mean(0);
    invStd = Transforms.pow(var.add(EPS), -0.5, false);
    xHat = centred.muliRowVector(invStd);
    if (mode == Mode.TRAIN) {
      runningMean.value().muli(DECAY).addi(mean.muli(1 - DECAY));
      double unbias = rows > 1 ? rows / (rows - 1.0) : 1.0;
      runningVar.value().muli(DECAY).addi(var.muli((1 - DECAY) * unbias));
    }
    return xHat.mulRowVector(scale.value()).addiRowVector(shift.value());
  }

  INDArray backward(INDArray dy, boolean paramGrad) {
    long rows = dy.size(0);
    INDArray dShift = dy.sum(0);
    INDArray dScale = dy.mul(xHat).sum(0);
    if (paramGrad) {
      shift.grad().assign(dShift);
      scale.grad().assign(dScale);
    }
    INDArray correction = xHat.mulRowVector(dScale).addiRowVector(dShift).muli(1.0 / rows);
    return dy.sub(correction).muliRowVector(invStd.mul(scale.value()));
  }
}
