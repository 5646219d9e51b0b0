package io.autoencoded.job.model.torch;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.StepLosses;
import io.autoencoded.job.model.VaeGan;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link VaeGan} on libtorch: the same networks, objectives, batch-norm statistics, optimizers, equilibrium gating
 * and sampling noise, computing on a CPU or a CUDA GPU. Parameters and optimizer state go in and out as VaeGan's
 * flat vectors (see {@link TorchBlock}), so a model moves between the engines through a checkpoint or a
 * parameter average.
 *
 * <p>A training step runs the forward pass once, recording it, and takes the three routes' gradients from three
 * backward passes over the same graph, all from the pre-update weights as VaeGan's step: discriminator ←
 * ∇(w·L_GAN), decoder ← ∇(γ·L_llike + w·L_GEN [− w·L_GAN when saturating] + p·L_pixel), encoder ← ∇(L_prior +
 * L_llike + p·L_pixel); then the three optimizer steps (the decoder's or the discriminator's skipped by the
 * equilibrium gating, as VaeGan skips them). Each backward pass runs through every network the objective reaches
 * and only its own network's gradient is kept: simpler than VaeGan's hand-written partial backward passes, at the
 * cost of backward work it throws away.
 *
 * <p>On a CPU it computes in double precision whatever precision it is asked for (its vectors and outputs keep the
 * asked precision): libtorch 2.5.1's single-precision CPU convolutions (oneDNN) return wrong input gradients on
 * the project's machines (20–40 % off, at times NaN, for 3 input channels or stride 1; exact in double), which
 * would train wrong without a sign. GPUs compute in the precision asked (cuDNN's kernels, not oneDNN's). The torch
 * engine's CPU use is checking it against ND4J; CPU training is ND4J's.
 *
 * <p>ε and z_p are drawn from ND4J's generator with VaeGan's seeds and order, on the host: a torch replica and an
 * ND4J replica of the same model draw the same noise. Not thread-safe: one model per task (libtorch's autograd
 * mode is per thread, and set on the calling thread by each call).
 */
public final class TorchVaeGan implements AutoCloseable {
  private final ModelSpec spec;
  /** The precision of the vectors and outputs the jobs see. */
  private final org.nd4j.linalg.api.buffer.DataType precision;
  /** The precision libtorch computes in (double on CPUs, see above). */
  private final DataType type;
  private final Device device;
  private final NDManager manager;
  private final TorchBlock encoderBlock = new TorchBlock();
  private final TorchBlock decoderBlock = new TorchBlock();
  private final TorchBlock discriminatorBlock = new TorchBlock();
  private final TorchEncoder encoder;
  private final TorchDecoder decoder;
  private final TorchDiscriminator discriminator;
  private final TorchOptimizer encoderOptimizer;
  private final TorchOptimizer decoderOptimizer;
  private final TorchOptimizer discriminatorOptimizer;
  private final int[] similarityLayers;
  /**
   * The input centre of a {@code model.centring = mean-frame} model, [1, C, H, W] on the device (zero until set), or
   * null: the encoder sees the frames minus it, the decoder's output plus it is the picture (see {@link VaeGan}).
   */
  private NDArray centre;
  private Random noise;
  private long iteration;

  private TorchVaeGan(ModelSpec spec, org.nd4j.linalg.api.buffer.DataType precision, Device device,
      boolean trainable) {
    this.spec = spec;
    this.precision = precision;
    this.type = device.isGpu() ? TorchTransfer.torchType(precision) : DataType.FLOAT64;
    this.device = device;
    manager = TorchRuntime.newManager(device);
    encoder = new TorchEncoder(encoderBlock, spec);
    decoder = new TorchDecoder(decoderBlock, spec);
    discriminator = new TorchDiscriminator(discriminatorBlock, spec);
    encoderBlock.allocate(manager, type, trainable);
    decoderBlock.allocate(manager, type, trainable);
    discriminatorBlock.allocate(manager, type, trainable);
    encoderOptimizer = trainable ? new TorchOptimizer(spec, encoderBlock.paramCount(), manager, type) : null;
    decoderOptimizer = trainable ? new TorchOptimizer(spec, decoderBlock.paramCount(), manager, type) : null;
    discriminatorOptimizer = trainable
        ? new TorchOptimizer(spec, discriminatorBlock.paramCount(), manager, type) : null;
    similarityLayers = ModelSpec.LAST.equals(spec.similarityLayers())
        ? new int[] {TorchConvBody.LAYERS - 1} : new int[] {0, 1, 2, 3};
    noise = Nd4j.getRandomFactory().getNewRandomInstance(spec.seed() * 31 + 17);
    centre = ModelSpec.MEAN_FRAME.equals(spec.centring())
        ? manager.zeros(new ai.djl.ndarray.types.Shape(1, spec.channels(), spec.height(), spec.width()), type) : null;
  }

  /** A fresh single-precision model on the configured device ({@link TorchRuntime#device}). */
  public static TorchVaeGan create(ModelSpec spec) {
    return create(spec, org.nd4j.linalg.api.buffer.DataType.FLOAT, TorchRuntime.device());
  }

  /**
   * A fresh model initialised exactly as {@link VaeGan#create(ModelSpec, org.nd4j.linalg.api.buffer.DataType)}
   * initialises one (its initial weights, running statistics and optimizer state copied in): one initialisation
   * for both engines, so that a run's seed means the same model in either.
   */
  public static TorchVaeGan create(ModelSpec spec, org.nd4j.linalg.api.buffer.DataType dataType, Device device) {
    VaeGan initial = VaeGan.create(spec, dataType);
    TorchVaeGan model = new TorchVaeGan(spec, dataType, device, true);
    model.setParameters(initial.parameters());
    model.setUpdaterState(initial.updaterState());
    return model;
  }

  /** A model that only encodes and decodes, holding {@code parameters} (VaeGan's {@code forInference}). */
  public static TorchVaeGan forInference(ModelSpec spec, org.nd4j.linalg.api.buffer.DataType dataType,
      INDArray parameters, Device device) {
    TorchVaeGan model = new TorchVaeGan(spec, dataType, device, false);
    model.setParameters(parameters);
    return model;
  }

  public ModelSpec spec() {
    return spec;
  }

  public Device device() {
    return device;
  }

  /** The ND4J precision of this model's vectors and outputs. */
  public org.nd4j.linalg.api.buffer.DataType dataType() {
    return precision;
  }

  public boolean trainable() {
    return encoderOptimizer != null;
  }

  private void requireTrainable() {
    if (!trainable()) {
      throw new IllegalStateException("this model was loaded for inference only");
    }
  }

  /** One training step on frames [n, channels, height, width] in [-1, 1] (Larsen's Algorithm 1). */
  public StepLosses trainStep(INDArray frames) {
    requireTrainable();
    requireFrames(frames);
    long n = frames.size(0);
    INDArray eps = Nd4j.createUninitialized(dataType(), n, spec.latent());
    Nd4j.randn(eps, noise);
    INDArray zPrior = Nd4j.createUninitialized(dataType(), n, spec.latent());
    Nd4j.randn(zPrior, noise);
    try (NDScope scope = new NDScope()) {
      Routes routes = routes(upload(frames), upload(eps), upload(zPrior), TorchBatchNorm.Mode.TRAIN);
      Losses losses = routes.losses();
      boolean skipDiscriminator = false;
      boolean skipDecoder = false;
      if (spec.equilibrium()) {
        double low = spec.equilibriumTarget() - spec.equilibriumMargin();
        double high = spec.equilibriumTarget() + spec.equilibriumMargin();
        skipDiscriminator = losses.ganReal() < low || losses.ganFake() < low;
        skipDecoder = losses.ganReal() > high || losses.ganFake() > high;
        if (skipDiscriminator && skipDecoder) {
          skipDiscriminator = false;
          skipDecoder = false;
        }
      }
      boolean recording = TorchOps.recordGradients(false);
      try {
        encoderOptimizer.step(encoderBlock.params(), routes.encoder(), iteration);
        if (!skipDecoder) {
          decoderOptimizer.step(decoderBlock.params(), routes.decoder(), iteration);
        }
        if (!skipDiscriminator) {
          discriminatorOptimizer.step(discriminatorBlock.params(), routes.discriminator(), iteration);
        }
      } finally {
        TorchOps.recordGradients(recording);
      }
      iteration++;
      return new StepLosses(losses.prior(), losses.llike(), losses.gan(), losses.pixelMse(), skipDecoder,
          skipDiscriminator);
    }
  }

  /** The latent mean μ per frame: [n, latent]. Deterministic (batch-norm running statistics). */
  public INDArray encode(INDArray frames) {
    requireFrames(frames);
    try (NDScope scope = new NDScope(); Inference off = new Inference()) {
      return download(encoder.forward(encoderInput(upload(frames)), TorchBatchNorm.Mode.INFER).mu());
    }
  }

  /** Frames [n, channels, height, width] in [-1, 1] from latents [n, latent]. Deterministic. */
  public INDArray decode(INDArray latents) {
    if (latents.rank() != 2 || latents.size(1) != spec.latent()) {
      throw new IllegalArgumentException("latents must be [n, " + spec.latent() + "], got "
          + java.util.Arrays.toString(latents.shape()));
    }
    try (NDScope scope = new NDScope(); Inference off = new Inference()) {
      return download(clipped(drawnFrames(decoder.forward(upload(latents), TorchBatchNorm.Mode.INFER))));
    }
  }

  /** decode(encode(frames)), without the latents leaving the device. */
  public INDArray reconstruct(INDArray frames) {
    requireFrames(frames);
    try (NDScope scope = new NDScope(); Inference off = new Inference()) {
      NDArray mu = encoder.forward(encoderInput(upload(frames)), TorchBatchNorm.Mode.INFER).mu();
      return download(clipped(drawnFrames(decoder.forward(mu, TorchBatchNorm.Mode.INFER))));
    }
  }

  /**
   * {@link VaeGan#parameters}: [1, n], trainable parameters of the three networks, then their running statistics,
   * then the input centre when there is one (in VaeGan's NHWC order).
   */
  public INDArray parameters() {
    try (NDScope scope = new NDScope(); Inference off = new Inference()) {
      List<NDArray> parts = new java.util.ArrayList<>(List.of(encoderBlock.params(), decoderBlock.params(),
          discriminatorBlock.params(), encoderBlock.stats(), decoderBlock.stats(), discriminatorBlock.stats()));
      if (centre != null) {
        parts.add(centre.transpose(0, 2, 3, 1).reshape(-1));
      }
      return download(parts);
    }
  }

  public void setParameters(INDArray flat) {
    long centreLength = centre == null ? 0 : centre.size();
    List<NDArray> parts = upload(flat, new long[] {encoderBlock.paramCount(), decoderBlock.paramCount(),
        discriminatorBlock.paramCount(), encoderBlock.statCount(), decoderBlock.statCount(),
        discriminatorBlock.statCount(), centreLength}, "parameters");
    encoderBlock.setParams(parts.get(0));
    decoderBlock.setParams(parts.get(1));
    discriminatorBlock.setParams(parts.get(2));
    encoderBlock.setStats(parts.get(3));
    decoderBlock.setStats(parts.get(4));
    discriminatorBlock.setStats(parts.get(5));
    NDArray centreNhwc = parts.get(6);
    if (centre != null) {
      try (NDScope scope = new NDScope(); Inference off = new Inference()) {
        replaceCentre(centreNhwc.reshape(1, spec.height(), spec.width(), spec.channels()).transpose(0, 3, 1, 2)
            .duplicate());
      }
    }
    centreNhwc.close();
  }

  /** {@link VaeGan#setCentre}: the mean of the frames to learn, [1, C, H, W] in [-1, 1]. */
  public void setCentre(INDArray meanFrame) {
    if (centre == null) {
      throw new IllegalStateException("this model has no input centre (model.centring = " + spec.centring() + ")");
    }
    try (NDScope scope = new NDScope(); Inference off = new Inference()) {
      replaceCentre(upload(meanFrame.reshape(1, spec.channels(), spec.height(), spec.width())));
    }
  }

  /** Takes {@code values} over as the centre (out of the current scope). */
  private void replaceCentre(NDArray values) {
    NDScope.unregister(values);
    centre.close();
    centre = values;
  }

  /** What the encoder sees of frames: minus the centre, or the frames themselves. */
  private NDArray encoderInput(NDArray frames) {
    return centre == null ? frames : frames.sub(centre);
  }

  /** Pictures from what the decoder drew: its output plus the centre, or the output itself. */
  private NDArray drawnFrames(NDArray decoded) {
    return centre == null ? decoded : decoded.add(centre);
  }

  /** Drawn frames as they leave the model: in [-1, 1] (the decoder's tanh alone keeps them there without a centre). */
  private NDArray clipped(NDArray frames) {
    return centre == null ? frames : frames.clip(-1, 1);
  }

  /** {@link VaeGan#updaterState}: [1, n], the three optimizers' states. */
  public INDArray updaterState() {
    requireTrainable();
    return download(List.of(encoderOptimizer.state(), decoderOptimizer.state(), discriminatorOptimizer.state()));
  }

  public void setUpdaterState(INDArray flat) {
    requireTrainable();
    List<NDArray> parts = upload(flat, new long[] {encoderOptimizer.stateSize(), decoderOptimizer.stateSize(),
        discriminatorOptimizer.stateSize()}, "updater state");
    encoderOptimizer.setState(parts.get(0));
    decoderOptimizer.setState(parts.get(1));
    discriminatorOptimizer.setState(parts.get(2));
  }

  /** Training steps taken so far (drives Adam's bias correction; averaged replicas share it). */
  public long iteration() {
    return iteration;
  }

  public void setIteration(long iteration) {
    this.iteration = iteration;
  }

  /** Trainable parameters of encoder, decoder, discriminator (excluding running statistics). */
  public long trainableParameterCount() {
    return encoderBlock.paramCount() + decoderBlock.paramCount() + discriminatorBlock.paramCount();
  }

  /** Restarts the sampling noise (ε and z_p) from a seed, as {@link VaeGan#reseedNoise}. */
  public void reseedNoise(long seed) {
    noise = Nd4j.getRandomFactory().getNewRandomInstance(seed);
  }

  /** Frees the model's tensors (on a GPU: its device memory) now rather than at the garbage collector's pleasure. */
  @Override
  public void close() {
    manager.close();
  }

  // ---- the training computation, exposed to the package for the parity checks ----

  /** What one forward pass measured: VaeGan's Losses (ganFake is the mean over the two generated batches). */
  record Losses(double prior, double llike, double gan, double pixelMse, double ganReal, double ganFake,
      double generator) {}

  /** The losses and the three networks' flat gradients of one forward pass, on the host. */
  record Gradients(Losses losses, INDArray encoder, INDArray decoder, INDArray discriminator) {}

  /**
   * The three routes' gradients for frames [n, c, h, w] (NCHW, as the jobs pass them) and the given noise, with
   * batch statistics and the running statistics untouched: VaeGan's {@code computeGradients} in TRAIN_FROZEN mode.
   */
  Gradients gradients(INDArray frames, INDArray eps, INDArray zPrior) {
    requireTrainable();
    requireFrames(frames);
    try (NDScope scope = new NDScope()) {
      Routes r = routes(upload(frames), upload(eps), upload(zPrior), TorchBatchNorm.Mode.TRAIN_FROZEN);
      return new Gradients(r.losses(), row(r.encoder()), row(r.decoder()), row(r.discriminator()));
    }
  }

  /** The losses for the given noise, with batch statistics and without touching running statistics. */
  Losses evaluate(INDArray frames, INDArray eps, INDArray zPrior) {
    requireFrames(frames);
    try (NDScope scope = new NDScope(); Inference off = new Inference()) {
      return forward(upload(frames), upload(eps), upload(zPrior), TorchBatchNorm.Mode.TRAIN_FROZEN).losses();
    }
  }

  /** The three routes' flat gradients (on the device) and the losses. */
  private record Routes(Losses losses, NDArray encoder, NDArray decoder, NDArray discriminator) {}

  /** The objectives of a forward pass, as scalar tensors in the autograd graph. */
  private record Forward(NDArray prior, NDArray llike, NDArray ganReal, NDArray ganFake, NDArray generator,
      NDArray pixelMse, Losses losses) {}

  private Routes routes(NDArray x, NDArray eps, NDArray zPrior, TorchBatchNorm.Mode mode) {
    boolean recording = TorchOps.recordGradients(true);
    try {
      Forward f = forward(x, eps, zPrior, mode);
      double w = spec.ganWeight();
      double p = spec.pixelWeight();
      NDArray gan = f.ganReal().add(f.ganFake());
      NDArray discriminatorObjective = TorchOps.mul(gan, w);
      NDArray adversarial = ModelSpec.SATURATING.equals(spec.generatorLoss()) ? TorchOps.mul(gan, -w)
          : TorchOps.mul(f.generator(), w);
      NDArray decoderObjective = TorchOps.mul(f.llike(), spec.gamma()).add(adversarial);
      NDArray encoderObjective = f.prior().add(f.llike());
      if (p > 0) {
        decoderObjective = decoderObjective.add(TorchOps.mul(f.pixelMse(), p));
        encoderObjective = encoderObjective.add(TorchOps.mul(f.pixelMse(), p));
      }
      NDArray discriminatorGradient = routeGradient(discriminatorObjective, discriminatorBlock, true);
      NDArray decoderGradient = routeGradient(decoderObjective, decoderBlock, true);
      NDArray encoderGradient = routeGradient(encoderObjective, encoderBlock, false);
      return new Routes(f.losses(), encoderGradient, decoderGradient, discriminatorGradient);
    } finally {
      TorchOps.recordGradients(recording);
    }
  }

  /** ∇objective with respect to {@code block}'s parameters alone (the other leaves' gradients are discarded). */
  private NDArray routeGradient(NDArray objective, TorchBlock block, boolean keepGraph) {
    encoderBlock.zeroGradient();
    decoderBlock.zeroGradient();
    discriminatorBlock.zeroGradient();
    TorchOps.backward(objective, keepGraph);
    return block.gradient();
  }

  private Forward forward(NDArray x, NDArray eps, NDArray zPrior, TorchBatchNorm.Mode mode) {
    long n = x.getShape().get(0);
    double pixels = pixels();
    TorchEncoder.Output encoded = encoder.forward(encoderInput(x), mode);
    NDArray mu = encoded.mu();
    NDArray logVar = encoded.logVar();
    NDArray z = eps.mul(TorchOps.mul(logVar, 0.5).exp()).add(mu);
    NDArray generated = drawnFrames(decoder.forward(z.concat(zPrior, 0), mode));
    TorchDiscriminator.Output judged = discriminator.forward(x.concat(generated, 0), mode);

    NDArray kl = TorchOps.mul(TorchOps.add(logVar, 1).sub(mu.square()).sub(logVar.exp()).sum(), -0.5);
    NDArray prior = TorchOps.div(kl, n * pixels);

    NDArray llike = null;
    for (int l : similarityLayers) {
      NDArray feature = judged.features()[l];
      double perFrame = ModelSpec.FEATURES.equals(spec.similarityNormalisation())
          ? (double) feature.size() / feature.getShape().get(0) : pixels;
      double llikeScale = 1.0 / (n * perFrame * similarityLayers.length);
      NDArray term = TorchOps.mul(rows(feature, n, 2 * n).sub(rows(feature, 0, n)).square().sum(), llikeScale);
      llike = llike == null ? term : llike.add(term);
    }

    NDArray logits = judged.logits();
    NDArray ganReal = TorchOps.div(TorchOps.softPlus(rows(logits, 0, n).neg()).sum(), n);
    NDArray ganFake = TorchOps.div(TorchOps.softPlus(rows(logits, n, 3 * n)).sum(), n);
    // L_GEN = BCE(Dis(x̃), 1) + BCE(Dis(x_p), 1)
    NDArray generator = TorchOps.div(TorchOps.softPlus(rows(logits, n, 3 * n).neg()).sum(), n);
    NDArray pixelMse = TorchOps.div(rows(generated, 0, n).sub(x).square().sum(), n * pixels);

    double real = TorchOps.scalar(ganReal);
    double fake = TorchOps.scalar(ganFake);
    Losses losses = new Losses(TorchOps.scalar(prior), TorchOps.scalar(llike), real + fake,
        TorchOps.scalar(pixelMse), real, fake / 2, TorchOps.scalar(generator));
    return new Forward(prior, llike, ganReal, ganFake, generator, pixelMse, losses);
  }

  private double pixels() {
    return (double) spec.height() * spec.width() * spec.channels();
  }

  /** Rows [from, to) along the batch dimension. */
  private static NDArray rows(NDArray a, long from, long to) {
    return a.get(new NDIndex().addSliceDim(from, to));
  }

  private void requireFrames(INDArray frames) {
    if (frames.rank() != 4 || frames.size(1) != spec.channels() || frames.size(2) != spec.height()
        || frames.size(3) != spec.width()) {
      throw new IllegalArgumentException("frames must be [n, " + spec.channels() + ", " + spec.height() + ", "
          + spec.width() + "], got " + java.util.Arrays.toString(frames.shape()));
    }
  }

  private NDArray upload(INDArray a) {
    return TorchTransfer.toTorch(manager, a, type);
  }

  /** A flat vector cut into parts of the given lengths, each its own tensor on the device. */
  private List<NDArray> upload(INDArray flat, long[] lengths, String what) {
    long total = 0;
    for (long length : lengths) {
      total += length;
    }
    if (flat.length() != total) {
      throw new IllegalArgumentException(what + " vector has " + flat.length() + " values, this model needs " + total);
    }
    try (NDScope scope = new NDScope(); Inference off = new Inference()) {
      NDArray all = upload(flat.reshape(flat.length()));
      List<NDArray> parts = new java.util.ArrayList<>();
      long offset = 0;
      for (long length : lengths) {
        NDArray part = all.get(new NDIndex().addSliceDim(offset, offset + length)).duplicate();
        NDScope.unregister(part);
        parts.add(part);
        offset += length;
      }
      return parts;
    }
  }

  /** {@code a} on the host in the model's precision. */
  private INDArray download(NDArray a) {
    return TorchTransfer.toNd4j(a).castTo(precision);
  }

  /** The tensors concatenated into one host vector [1, n]. */
  private INDArray download(List<NDArray> parts) {
    try (NDScope scope = new NDScope(); Inference off = new Inference()) {
      INDArray flat = download(NDArrays.concat(new NDList(parts)));
      return flat.reshape(1, flat.length());
    }
  }

  private INDArray row(NDArray flat) {
    INDArray a = download(flat);
    return a.reshape(1, a.length());
  }

  /** Autograd's recording off on this thread for a block (inference, moving vectors), as it was after. */
  private static final class Inference implements AutoCloseable {
    private final boolean was = TorchOps.recordGradients(false);

    @Override
    public void close() {
      TorchOps.recordGradients(was);
    }
  }
}
