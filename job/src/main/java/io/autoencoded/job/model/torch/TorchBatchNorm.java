package io.autoencoded.job.model.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * VaeGan's batch normalisation on NCHW activations: per channel over batch, height and width (VaeGan's rows of
 * NHWC activations), with the same epsilon, decay, biased batch variance, unbiased running variance, and groups
 * (contiguous equal parts of the batch normalised apart, the running statistics following group 0: see VaeGan's
 * BatchNorm for why). Written out rather than libtorch's batch_norm, whose running statistics would follow the
 * whole batch.
 */
final class TorchBatchNorm {
  /** How a forward pass treats statistics (VaeGan's BatchNorm.Mode). */
  enum Mode {
    /** Batch statistics; running statistics updated (a training step). */
    TRAIN,
    /** Batch statistics; running statistics left alone (parity checks, loss evaluation). */
    TRAIN_FROZEN,
    /** Running statistics: deterministic inference. */
    INFER
  }

  static final double EPS = 1e-5;
  static final double DECAY = 0.9;
  private static final int[] PER_CHANNEL = {0, 2, 3};

  private final TorchBlock.Slot scale;
  private final TorchBlock.Slot shift;
  private final TorchBlock.Slot runningMean;
  private final TorchBlock.Slot runningVar;
  private final int channels;
  private final int groups;

  /** Registers scale, shift (parameters) and mean, variance (statistics), in VaeGan's order. */
  TorchBatchNorm(TorchBlock block, int channels, int groups) {
    this.channels = channels;
    this.groups = groups;
    scale = block.param(channels);
    shift = block.param(channels);
    runningMean = block.stat(channels);
    runningVar = block.stat(channels);
  }

  /** x [n, channels, h, w]. */
  NDArray forward(NDArray x, Mode mode) {
    if (mode == Mode.INFER) {
      // (x − μ)·s/σ + b as x·m + o, as VaeGan computes it
      NDArray mult = TorchOps.pow(TorchOps.add(runningVar.value(), EPS), -0.5).mul(scale.value());
      NDArray offset = shift.value().sub(runningMean.value().mul(mult));
      return x.mul(perChannel(mult)).add(perChannel(offset));
    }
    long rows = x.getShape().get(0);
    if (rows % groups != 0) {
      throw new IllegalArgumentException(rows + " rows do not split into " + groups + " groups");
    }
    NDList parts = groups == 1 ? new NDList(x) : x.split(groups, 0);
    NDList normalised = new NDList(groups);
    for (int g = 0; g < groups; g++) {
      NDArray part = parts.get(g);
      // DJL's PyTorch mean takes one axis; its sum takes several
      long size = part.size() / channels;
      NDArray mean = TorchOps.div(part.sum(PER_CHANNEL, true), size);
      NDArray centred = part.sub(mean);
      NDArray var = TorchOps.div(centred.square().sum(PER_CHANNEL, true), size);
      NDArray xHat = centred.mul(TorchOps.pow(TorchOps.add(var, EPS), -0.5));
      if (mode == Mode.TRAIN && g == 0) {
        double unbias = size > 1 ? size / (size - 1.0) : 1.0;
        NDArray decay = TorchOps.constant(mean, DECAY);
        runningMean.value().muli(decay).addi(TorchOps.mul(mean.stopGradient().reshape(channels), 1 - DECAY));
        runningVar.value().muli(decay)
            .addi(TorchOps.mul(var.stopGradient().reshape(channels), (1 - DECAY) * unbias));
      }
      normalised.add(xHat.mul(perChannel(scale.value())).add(perChannel(shift.value())));
    }
    return groups == 1 ? normalised.get(0) : NDArrays.concat(normalised, 0);
  }

  private NDArray perChannel(NDArray v) {
    return v.reshape(1, channels, 1, 1);
  }
}
