package io.autoencoded.job.model;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The VAE-GAN of Larsen et al. (2015) as Broad configured it: encoder, decoder and discriminator, trained with
 * three separate objectives. Plain Java over ND4J: the Spark jobs only orchestrate it.
 *
 * <p>Frames are float NCHW batches [n, channels, height, width] in [-1, 1]. Internally activations are NHWC so
 * that every convolution is a single GEMM without layout copies.
 *
 * <p>Losses, per frame and normalised by the pixel count P = H·W·C (as in Broad's script):
 * L_prior = KL(q(z|x) ‖ N(0, I)) / P; L_llike = ‖Dis_l(x̃) − Dis_l(x)‖² / P, averaged over the similarity layers
 * (or each layer over its own element count: {@code model.similarity-normalisation = features});
 * L_GAN = BCE(Dis(x), 1) + BCE(Dis(x̃), 0) + BCE(Dis(x_p), 0), weighted by w = {@code model.gan-weight} in the
 * decoder's and the discriminator's objectives. One training step computes, from the same pre-update weights,
 * encoder ← ∇(L_prior + L_llike), decoder ← ∇(γ·L_llike − w·L_GAN), discriminator ← ∇(w·L_GAN), then applies the
 * three updates.
 *
 * <p>The decoder's "− L_GAN" is by default read in its non-saturating form, as GAN generators (and Larsen's and
 * Broad's code) are trained in practice: the decoder minimises L_GEN = BCE(Dis(x̃), 1) + BCE(Dis(x_p), 1)
 * (= −log D), which has the same fixed point as −L_GAN but keeps its gradient when the discriminator wins; the
 * literal −L_GAN (whose gradient vanishes then, leaving the decoder untrained by the GAN) is
 * {@code model.generator-loss = saturating}. An optional pixel term L_pixel = ‖x̃ − x‖² / (n·P), weighted by
 * {@code model.pixel-weight} (0 = Broad's model), joins the encoder's and the decoder's objectives.
 *
 * <p>With {@code model.centring = mean-frame} the encoder sees each frame minus a fixed centre, the training films'
 * mean frame (set once by {@link #setCentre} before training, then kept with the batch-norm statistics in
 * {@link #parameters()}), and the decoder draws the difference from it: its output plus the centre is the
 * generated frame (x̃ and x_p), clipped to [-1, 1] where a frame leaves the model. The model learns what differs
 * from the film's mean, and a fixed camera's background is there from the first step. The discriminator, and with
 * it the learned similarity and the GAN term, sees frames as they are, as in Broad's model.
 *
 * <p>Not thread-safe: one model per task.
 */
public final class VaeGan {
  static {
    // the first ND4J use in a JVM may come through here: choose the native build before it loads
    NativeVariant.select();
  }

  /** Initial log σ² of q(z|x) (σ ≈ 0.05): see {@link Encoder#initialiseLogVariance}. */
  static final double INITIAL_LOG_VARIANCE = -6;

  private final ModelSpec spec;
  private final DataType dataType;
  private final ParameterBlock encoderBlock = new ParameterBlock();
  private final ParameterBlock decoderBlock = new ParameterBlock();
  private final ParameterBlock discriminatorBlock = new ParameterBlock();
  private final Encoder encoder;
  private final Decoder decoder;
  private final Discriminator discriminator;
  private final NetworkOptimizer encoderOptimizer;
  private final NetworkOptimizer decoderOptimizer;
  private final NetworkOptimizer discriminatorOptimizer;
  private final int[] similarityLayers;
  /** The input centre [1, H·W·C] in NHWC order (zero until set), or null without centring. */
  private final INDArray centre;
  private Random noise;
  private long iteration;
  private double uncollectedBytes;

  private VaeGan(ModelSpec spec, DataType dataType, boolean trainable) {
    this.spec = spec;
    this.dataType = dataType;
    encoder = new Encoder(encoderBlock, spec);
    decoder = new Decoder(decoderBlock, spec);
    discriminator = new Discriminator(discriminatorBlock, spec);
    // an inference model's values are loaded next: no random initialisation, no gradients, no optimizer state
    Random init = trainable ? Nd4j.getRandomFactory().getNewRandomInstance(spec.seed()) : null;
    encoderBlock.allocate(dataType, init, trainable);
    decoderBlock.allocate(dataType, init, trainable);
    discriminatorBlock.allocate(dataType, init, trainable);
    if (trainable) {
      encoder.initialiseLogVariance(INITIAL_LOG_VARIANCE);
    }
    encoderOptimizer = trainable ? new NetworkOptimizer(spec, encoderBlock.paramCount(), dataType) : null;
    decoderOptimizer = trainable ? new NetworkOptimizer(spec, decoderBlock.paramCount(), dataType) : null;
    discriminatorOptimizer = trainable ? new NetworkOptimizer(spec, discriminatorBlock.paramCount(), dataType) : null;
    similarityLayers = ModelSpec.LAST.equals(spec.similarityLayers())
        ? new int[] {ConvBody.LAYERS - 1} : new int[] {0, 1, 2, 3};
    noise = Nd4j.getRandomFactory().getNewRandomInstance(spec.seed() * 31 + 17);
    centre = ModelSpec.MEAN_FRAME.equals(spec.centring())
        ? Nd4j.zeros(dataType, 1, (long) spec.height() * spec.width() * spec.channels()) : null;
  }

  /** A freshly initialised model (weights from {@code spec.seed()}), single precision. */
  public static VaeGan create(ModelSpec spec) {
    return new VaeGan(spec, DataType.FLOAT, true);
  }

  /** A freshly initialised model computing in the given precision (DOUBLE for gradient checks). */
  public static VaeGan create(ModelSpec spec, DataType dataType) {
    return new VaeGan(spec, dataType, true);
  }

  /**
   * A model that only encodes and decodes, holding the given {@link #parameters()}: built without random
   * initialisation, gradient buffers or optimizer state (a reconstruct task loads one per segment).
   */
  public static VaeGan forInference(ModelSpec spec, DataType dataType, INDArray parameters) {
    VaeGan model = inferenceOnly(spec, dataType);
    model.setParameters(parameters);
    return model;
  }

  /** An inference-only model whose values (all zero) are about to be set. */
  static VaeGan inferenceOnly(ModelSpec spec, DataType dataType) {
    return new VaeGan(spec, dataType, false);
  }

  /** Whether the model can train (see {@link #forInference}). */
  public boolean trainable() {
    return encoderOptimizer != null;
  }

  private void requireTrainable() {
    if (!trainable()) {
      throw new IllegalStateException("this model was loaded for inference only");
    }
  }

  public ModelSpec spec() {
    return spec;
  }

  public DataType dataType() {
    return dataType;
  }

  /** One training step on a minibatch (Larsen's Algorithm 1); returns its losses. */
  public StepLosses trainStep(INDArray frames) {
    requireTrainable();
    INDArray x = toNhwc(frames);
    long n = x.size(0);
    INDArray eps = Nd4j.createUninitialized(dataType, n, spec.latent());
    Nd4j.randn(eps, noise);
    INDArray zPrior = Nd4j.createUninitialized(dataType, n, spec.latent());
    Nd4j.randn(zPrior, noise);
    Losses losses = computeGradients(x, eps, zPrior, BatchNorm.Mode.TRAIN);
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
    encoderOptimizer.step(encoderBlock.params(), encoderBlock.grads(), iteration);
    if (!skipDecoder) {
      decoderOptimizer.step(decoderBlock.params(), decoderBlock.grads(), iteration);
    }
    if (!skipDiscriminator) {
      discriminatorOptimizer.step(discriminatorBlock.params(), discriminatorBlock.grads(), iteration);
    }
    iteration++;
    collectIfLarge(n);
    return new StepLosses(losses.prior(), losses.llike(), losses.gan(), losses.pixelMse(), skipDecoder,
        skipDiscriminator);
  }

  /** The latent mean mu for each frame: [n, latent]. Deterministic (batch-norm running statistics). */
  public INDArray encode(INDArray frames) {
    return encoder.forward(encoderInput(toNhwc(frames)), BatchNorm.Mode.INFER).mu();
  }

  /** Frames [n, channels, height, width] in [-1, 1] from latents [n, latent]. Deterministic. */
  public INDArray decode(INDArray latents) {
    if (latents.rank() != 2 || latents.size(1) != spec.latent()) {
      throw new IllegalArgumentException("latents must be [n, " + spec.latent() + "], got "
          + java.util.Arrays.toString(latents.shape()));
    }
    INDArray nhwc = clipped(drawnFrames(decoder.forward(latents.castTo(dataType), BatchNorm.Mode.INFER)));
    return nhwc.permute(0, 3, 1, 2).dup('c');
  }

  /** decode(encode(frames)). */
  public INDArray reconstruct(INDArray frames) {
    return decode(encode(frames));
  }

  /**
   * Sets the input centre of a {@code model.centring = mean-frame} model: {@code meanFrame} [1, C, H, W] in [-1, 1],
   * the mean of the frames it is to learn. Set once, before the first step; a checkpoint keeps it.
   */
  public void setCentre(INDArray meanFrame) {
    if (centre == null) {
      throw new IllegalStateException("this model has no input centre (model.centring = " + spec.centring() + ")");
    }
    centre.assign(toNhwc(meanFrame).reshape(1, centre.length()));
  }

  /** The input centre as [1, C, H, W], or null without centring. */
  public INDArray centre() {
    return centre == null ? null
        : centre.reshape('c', 1, spec.height(), spec.width(), spec.channels()).permute(0, 3, 1, 2).dup('c');
  }

  /**
   * What the encoder sees of frames [n, H, W, C]: the frames minus the centre (a new array: the frames go on to the
   * discriminator), or the frames themselves.
   */
  private INDArray encoderInput(INDArray nhwc) {
    if (centre == null) {
      return nhwc;
    }
    INDArray shifted = nhwc.dup('c');
    shifted.reshape(shifted.size(0), centre.length()).subiRowVector(centre);
    return shifted;
  }

  /**
   * Frames [n, H, W, C] from what the decoder drew: its output plus the centre (a new array: the decoder keeps its
   * output for its backward pass, and the gradient passes the addition unchanged), or the output itself.
   */
  private INDArray drawnFrames(INDArray decoded) {
    if (centre == null) {
      return decoded;
    }
    INDArray frames = decoded.dup('c');
    frames.reshape(frames.size(0), centre.length()).addiRowVector(centre);
    return frames;
  }

  /** Drawn frames as they leave the model: in [-1, 1] (the decoder's tanh alone keeps them there without a centre). */
  private INDArray clipped(INDArray frames) {
    return centre == null ? frames : Transforms.min(Transforms.max(frames, -1.0, false), 1.0, false);
  }

  /**
   * All parameters of the three networks as one flat vector [1, n] (a copy): trainable parameters of encoder,
   * decoder, discriminator, then their batch-norm running statistics (averaged with the rest), then the input
   * centre when there is one.
   */
  public INDArray parameters() {
    return Nd4j.concat(1, stateSegments().toArray(INDArray[]::new));
  }

  public void setParameters(INDArray flat) {
    assignSegments(flat, stateSegments(), "parameters");
  }

  private List<INDArray> stateSegments() {
    List<INDArray> segments = new java.util.ArrayList<>(List.of(encoderBlock.params(), decoderBlock.params(),
        discriminatorBlock.params(), encoderBlock.stats(), decoderBlock.stats(), discriminatorBlock.stats()));
    if (centre != null) {
      segments.add(centre);
    }
    return segments;
  }

  /** {@link #parameters} as checkpoint formats 1 and 2 laid them out. */
  INDArray legacyParameters() {
    return Nd4j.concat(1, encoderBlock.toLegacyLayout(encoderBlock.params()),
        decoderBlock.toLegacyLayout(decoderBlock.params()),
        discriminatorBlock.toLegacyLayout(discriminatorBlock.params()),
        encoderBlock.stats(), decoderBlock.stats(), discriminatorBlock.stats());
  }

  /** {@link #updaterState} as checkpoint formats 1 and 2 laid it out. */
  INDArray legacyUpdaterState() {
    return convertUpdaterState(List.of(encoderOptimizer.state(), decoderOptimizer.state(),
        discriminatorOptimizer.state()), ParameterBlock::toLegacyLayout);
  }

  /** {@link #setParameters} for a vector written before checkpoint format 3 (other convolution layouts). */
  void setLegacyParameters(INDArray flat) {
    List<ParameterBlock> blocks = List.of(encoderBlock, decoderBlock, discriminatorBlock);
    List<INDArray> parts = split(flat, List.of(encoderBlock.params(), decoderBlock.params(), discriminatorBlock.params(),
        encoderBlock.stats(), decoderBlock.stats(), discriminatorBlock.stats()), "parameters");
    for (int b = 0; b < blocks.size(); b++) {
      parts.set(b, blocks.get(b).fromLegacyLayout(parts.get(b)));
    }
    setParameters(Nd4j.concat(1, parts.toArray(INDArray[]::new)));
  }

  /** All optimizer state of the three networks as one flat vector [1, n] (a copy). */
  public INDArray updaterState() {
    requireTrainable();
    return Nd4j.concat(1, encoderOptimizer.state(), decoderOptimizer.state(), discriminatorOptimizer.state());
  }

  public void setUpdaterState(INDArray flat) {
    requireTrainable();
    assignSegments(flat, List.of(encoderOptimizer.state(), decoderOptimizer.state(), discriminatorOptimizer.state()),
        "updater state");
  }

  /**
   * {@link #setUpdaterState} for a vector written before checkpoint format 3: each optimizer's state is one or
   * more parameter-shaped vectors (Adam's two moments, RMSProp's one), converted like the parameters.
   */
  void setLegacyUpdaterState(INDArray flat) {
    requireTrainable();
    setUpdaterState(convertUpdaterState(split(flat, List.of(encoderOptimizer.state(), decoderOptimizer.state(),
        discriminatorOptimizer.state()), "updater state"), ParameterBlock::fromLegacyLayout));
  }

  /**
   * The three optimizers' states, each one or more parameter-shaped vectors (Adam's two moments, RMSProp's
   * one), every vector converted by its network's {@code layout}, concatenated.
   */
  private INDArray convertUpdaterState(List<INDArray> states,
      java.util.function.BiFunction<ParameterBlock, INDArray, INDArray> layout) {
    List<ParameterBlock> blocks = List.of(encoderBlock, decoderBlock, discriminatorBlock);
    List<INDArray> converted = new java.util.ArrayList<>();
    for (int b = 0; b < blocks.size(); b++) {
      long count = Math.max(blocks.get(b).paramCount(), 1);
      for (long from = 0; from < states.get(b).length(); from += count) {
        converted.add(layout.apply(blocks.get(b),
            states.get(b).get(NDArrayIndex.point(0), NDArrayIndex.interval(from, from + count)).reshape(1, count)));
      }
    }
    return Nd4j.concat(1, converted.toArray(INDArray[]::new));
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

  /** Restarts the sampling noise (ε and z_p) from a seed: replicas of one model should draw different noise. */
  public void reseedNoise(long seed) {
    noise = Nd4j.getRandomFactory().getNewRandomInstance(seed);
  }

  // ---- the training computation, exposed to the package for gradient checks ----

  /** What one forward pass measured; ganReal/ganFake are the mean BCE on real and on generated frames. */
  record Losses(double prior, double llike, double gan, double pixelMse, double ganReal, double ganFake,
      double generator) {}

  /** Forward state a backward pass needs. */
  private record Forward(long n, INDArray x, Encoder.Output encoded, INDArray std, INDArray generated,
      Discriminator.Output judged, INDArray dFeatureLogits, INDArray dGeneratorLogits, INDArray[] dFeatures,
      Losses losses) {}

  ParameterBlock encoderBlock() {
    return encoderBlock;
  }

  ParameterBlock decoderBlock() {
    return decoderBlock;
  }

  ParameterBlock discriminatorBlock() {
    return discriminatorBlock;
  }

  /**
   * Reconstructions as a training step sees them (z = μ, batch statistics of this batch with prior samples
   * beside it, as the decoder runs in training), running statistics untouched: the diagnostic's counterpart
   * of {@link #reconstruct}.
   */
  INDArray reconstructWithBatchStatistics(INDArray frames) {
    INDArray x = toNhwc(frames);
    long n = x.size(0);
    INDArray mu = encoder.forward(encoderInput(x), BatchNorm.Mode.TRAIN_FROZEN).mu();
    INDArray zPrior = Nd4j.createUninitialized(dataType, n, spec.latent());
    Nd4j.randn(zPrior, Nd4j.getRandomFactory().getNewRandomInstance(7));
    INDArray generated = decoder.forward(Nd4j.concat(0, mu, zPrior), BatchNorm.Mode.TRAIN_FROZEN);
    return clipped(drawnFrames(rows(generated, 0, n))).permute(0, 3, 1, 2).dup('c');
  }

  /** The losses for given noise, with batch statistics and without touching running statistics. */
  Losses evaluate(INDArray xNhwc, INDArray eps, INDArray zPrior) {
    return forward(xNhwc, eps, zPrior, BatchNorm.Mode.TRAIN_FROZEN).losses();
  }

  /**
   * The activation-sized temporaries of a step are freed by the garbage collector, which the small Java heap
   * rarely wakes: once the temporaries made since the last collection add up to 256 MB, ask for one, so that the
   * process does not grow by gigabytes (small models too: a 64×112 model grew past 12 GB in 360 steps).
   */
  private void collectIfLarge(long n) {
    uncollectedBytes += 3.0 * n * spec.height() * spec.width() * spec.filters() * 4 * 8;
    if (uncollectedBytes > 256e6) {
      uncollectedBytes = 0;
      System.gc();
    }
  }

  /** Frames NCHW → the NHWC layout the networks compute in, in the model's precision. */
  INDArray toNhwc(INDArray frames) {
    if (frames.rank() != 4 || frames.size(1) != spec.channels() || frames.size(2) != spec.height()
        || frames.size(3) != spec.width()) {
      throw new IllegalArgumentException("frames must be [n, " + spec.channels() + ", " + spec.height() + ", "
          + spec.width() + "], got " + java.util.Arrays.toString(frames.shape()));
    }
    return frames.castTo(dataType).permute(0, 2, 3, 1).dup('c');
  }

  /**
   * Forward once, then the three routes' gradients into the blocks' gradient buffers, all from the current
   * weights: discriminator ← ∇L_GAN; decoder ← ∇(γ·L_llike − L_GAN); encoder ← ∇(L_prior + L_llike).
   */
  Losses computeGradients(INDArray xNhwc, INDArray eps, INDArray zPrior, BatchNorm.Mode mode) {
    requireTrainable();
    Forward f = forward(xNhwc, eps, zPrior, mode);
    long n = f.n();
    collectIfLarge(n);
    // discriminator: parameters from L_GAN alone; its input gradients for L_GAN and for L_llike separately
    INDArray gGan = discriminator.backward(f.dFeatureLogits(), null, true);
    INDArray gLlike = discriminator.backward(null, f.dFeatures(), false);
    INDArray gLlikeGenerated = rows(gLlike, n, 3 * n);
    INDArray gAdversarial;
    if (ModelSpec.SATURATING.equals(spec.generatorLoss())) {
      gAdversarial = rows(gGan, n, 3 * n).neg();
    } else {
      gAdversarial = rows(discriminator.backward(f.dGeneratorLogits(), null, false), n, 3 * n);
    }
    collectIfLarge(n);
    // the pixel term reaches the reconstructions only (rows [0, n) of the generated frames)
    INDArray dPixel = null;
    if (spec.pixelWeight() > 0) {
      dPixel = Nd4j.zeros(dataType, f.generated().shape());
      rows(dPixel, 0, n).assign(rows(f.generated(), 0, n).sub(f.x()).muli(2 * spec.pixelWeight() / (n * pixels())));
    }
    // decoder: its own objective γ·L_llike + L_GEN (or − L_GAN) [+ w·L_pixel] ...
    INDArray dDecoder = gLlikeGenerated.mul(spec.gamma()).addi(gAdversarial);
    if (dPixel != null) {
      dDecoder.addi(dPixel);
    }
    decoder.backward(dDecoder, false, true);
    // ... and L_llike [+ w·L_pixel] alone towards the encoder (z_p does not depend on the encoder)
    INDArray dEncoderFrames = dPixel == null ? gLlikeGenerated : gLlikeGenerated.add(dPixel);
    INDArray dz = rows(decoder.backward(dEncoderFrames, true, false), 0, n);
    collectIfLarge(n);
    double klScale = 1.0 / (n * pixels());
    INDArray mu = f.encoded().mu();
    INDArray logVar = f.encoded().logVar();
    INDArray dMu = mu.mul(klScale).addi(dz);
    INDArray dLogVar = dz.mul(eps).muli(f.std()).muli(0.5)
        .addi(Transforms.exp(logVar, true).subi(1).muli(0.5 * klScale));
    encoder.backward(dMu, dLogVar);
    return f.losses();
  }

  private Forward forward(INDArray x, INDArray eps, INDArray zPrior, BatchNorm.Mode mode) {
    long n = x.size(0);
    double pixels = pixels();
    Encoder.Output encoded = encoder.forward(encoderInput(x), mode);
    INDArray mu = encoded.mu();
    INDArray logVar = encoded.logVar();
    INDArray std = Transforms.exp(logVar.mul(0.5), false);
    INDArray z = eps.mul(std).addi(mu);
    INDArray generated = drawnFrames(decoder.forward(Nd4j.concat(0, z, zPrior), mode));
    Discriminator.Output judged = discriminator.forward(Nd4j.concat(0, x, generated), mode);

    double kl = -0.5 * Transforms.exp(logVar, true).addi(mu.mul(mu)).rsubi(logVar.add(1)).sumNumber().doubleValue();
    double prior = kl / (n * pixels);

    double llike = 0;
    INDArray[] dFeatures = new INDArray[ConvBody.LAYERS];
    for (int l : similarityLayers) {
      INDArray feature = judged.features()[l];
      double perFrame = ModelSpec.FEATURES.equals(spec.similarityNormalisation())
          ? (double) feature.length() / feature.size(0) : pixels;
      double llikeScale = 1.0 / (n * perFrame * similarityLayers.length);
      INDArray diff = rows(feature, n, 2 * n).sub(rows(feature, 0, n));
      llike += diff.mul(diff).sumNumber().doubleValue() * llikeScale;
      INDArray d = Nd4j.create(dataType, feature.shape());
      rows(d, 0, n).assign(diff.mul(-2 * llikeScale));
      rows(d, n, 2 * n).assign(diff.muli(2 * llikeScale));
      dFeatures[l] = d;
    }

    INDArray logits = judged.logits();
    double ganReal = Transforms.softPlus(rows(logits, 0, n).neg(), false).sumNumber().doubleValue() / n;
    double ganFake = Transforms.softPlus(rows(logits, n, 3 * n), true).sumNumber().doubleValue() / n;
    // the gradients carry the GAN weight w (the discriminator's objective is w·L_GAN); the losses do not
    double w = spec.ganWeight();
    INDArray dLogits = Transforms.sigmoid(logits, true).muli(w / n);
    rows(dLogits, 0, n).subi(w / n);
    // L_GEN = BCE(Dis(x̃), 1) + BCE(Dis(x_p), 1): d/dlogit = w(σ − 1)/n on generated rows, nothing on real ones
    double generator = Transforms.softPlus(rows(logits, n, 3 * n).neg(), false).sumNumber().doubleValue() / n;
    INDArray dGeneratorLogits = dLogits.dup();
    rows(dGeneratorLogits, 0, n).assign(0);
    rows(dGeneratorLogits, n, 3 * n).subi(w / n);

    INDArray recon = rows(generated, 0, n);
    double pixelMse = recon.squaredDistance(x) / recon.length();
    Losses losses = new Losses(prior, llike, ganReal + ganFake, pixelMse, ganReal, ganFake / 2, generator);
    return new Forward(n, x, encoded, std, generated, judged, dLogits, dGeneratorLogits, dFeatures, losses);
  }

  private double pixels() {
    return (double) spec.height() * spec.width() * spec.channels();
  }

  /** Rows [from, to) along the batch dimension, as a view. */
  private static INDArray rows(INDArray a, long from, long to) {
    INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
    idx[0] = NDArrayIndex.interval(from, to);
    for (int i = 1; i < idx.length; i++) {
      idx[i] = NDArrayIndex.all();
    }
    return a.get(idx);
  }

  private static void assignSegments(INDArray flat, List<INDArray> targets, String what) {
    List<INDArray> parts = split(flat, targets, what);
    for (int i = 0; i < targets.size(); i++) {
      targets.get(i).assign(parts.get(i).reshape(targets.get(i).shape()));
    }
  }

  /** flat cut into [1, length] views, one per target, checking the total length. */
  private static List<INDArray> split(INDArray flat, List<INDArray> targets, String what) {
    long total = 0;
    for (INDArray t : targets) {
      total += t.length();
    }
    if (flat.length() != total) {
      throw new IllegalArgumentException(what + " vector has " + flat.length() + " values, this model needs " + total);
    }
    INDArray row = flat.reshape(1, flat.length());
    List<INDArray> parts = new java.util.ArrayList<>();
    long offset = 0;
    for (INDArray t : targets) {
      parts.add(row.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + t.length()))
          .reshape(1, t.length()));
      offset += t.length();
    }
    return parts;
  }
}
