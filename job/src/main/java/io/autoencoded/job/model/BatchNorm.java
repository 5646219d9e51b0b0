package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
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
  private final int groups;
  private INDArray[] xHat;
  private INDArray[] invStd;

  BatchNorm(ParameterBlock block, int channels) {
    this(block, channels, 1);
  }

  /**
   * With {@code groups} > 1 the rows form that many equal contiguous groups, each normalised with its own batch
   * statistics in training, and the running statistics follow group 0 only. The decoder uses two: it decodes
   * [z; z_p] in one batch, and pooling their statistics lets the prior samples (spread 1) swamp the
   * reconstructions' codes (spread of μ across frames, far smaller), so every reconstruction comes out alike,
   * in training and, through running statistics of that mixture, at inference (which decodes μ alone).
   */
  BatchNorm(ParameterBlock block, int channels, int groups) {
    this.groups = groups;
    scale = block.param(ParameterBlock.Init.ONE, 1, channels);
    shift = block.param(ParameterBlock.Init.ZERO, 1, channels);
    runningMean = block.stat(ParameterBlock.Init.ZERO, channels);
    runningVar = block.stat(ParameterBlock.Init.ONE, channels);
  }

  INDArray forward(INDArray x, Mode mode) {
    if (mode == Mode.INFER) {
      // (x − μ)·s/σ + b as x·m + o: two passes over the activation instead of three
      long channels = x.size(1);
      INDArray mult = Transforms.pow(runningVar.value().add(EPS), -0.5, false).reshape(channels)
          .muli(scale.value().reshape(channels));
      INDArray offset = shift.value().reshape(channels).sub(runningMean.value().reshape(channels).mul(mult));
      return x.mulRowVector(mult).addiRowVector(offset);
    }
    long rows = x.size(0);
    if (rows % groups != 0) {
      throw new IllegalArgumentException(rows + " rows do not split into " + groups + " groups");
    }
    long size = rows / groups;
    xHat = new INDArray[groups];
    invStd = new INDArray[groups];
    INDArray y = groups == 1 ? null : x.ulike();
    for (int g = 0; g < groups; g++) {
      INDArray part = group(x, g, size);
      INDArray mean = part.mean(0);
      INDArray var = part.var(false, 0).reshape(mean.shape());
      invStd[g] = Transforms.pow(var.add(EPS), -0.5, false);
      xHat[g] = part.subRowVector(mean).muliRowVector(invStd[g]);
      if (mode == Mode.TRAIN && g == 0) {
        runningMean.value().muli(DECAY).addi(mean.muli(1 - DECAY));
        double unbias = size > 1 ? size / (size - 1.0) : 1.0;
        runningVar.value().muli(DECAY).addi(var.muli((1 - DECAY) * unbias));
      }
      if (groups == 1) {
        return xHat[g].mulRowVector(scale.value()).addiRowVector(shift.value());
      }
      group(y, g, size).assign(xHat[g]).muliRowVector(scale.value()).addiRowVector(shift.value());
    }
    return y;
  }

  INDArray backward(INDArray dy, boolean paramGrad) {
    long size = dy.size(0) / groups;
    INDArray dx = dy.ulike();
    INDArray dShiftTotal = null;
    INDArray dScaleTotal = null;
    for (int g = 0; g < groups; g++) {
      INDArray part = group(dy, g, size);
      INDArray dShift = part.sum(0);
      INDArray dScale = part.mul(xHat[g]).sum(0);
      // dx = (dy − (x̂·ΣΔscale + ΣΔshift) / size) · scale / σ, built in one buffer
      INDArray dxPart = groups == 1 ? dx : group(dx, g, size);
      dxPart.assign(xHat[g]).muliRowVector(dScale).addiRowVector(dShift).muli(-1.0 / size).addi(part)
          .muliRowVector(invStd[g].mul(scale.value()));
      dShiftTotal = dShiftTotal == null ? dShift : dShiftTotal.addi(dShift);
      dScaleTotal = dScaleTotal == null ? dScale : dScaleTotal.addi(dScale);
    }
    if (paramGrad) {
      shift.grad().assign(dShiftTotal);
      scale.grad().assign(dScaleTotal);
    }
    return dx;
  }

  private static INDArray group(INDArray a, int g, long size) {
    return a.get(NDArrayIndex.interval(g * size, (g + 1) * size), NDArrayIndex.all());
  }
}
