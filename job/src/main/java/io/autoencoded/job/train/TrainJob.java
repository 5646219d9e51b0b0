package io.autoencoded.job.train;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.config.TrainSettings;
import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.report.ChartPng;
import io.autoencoded.job.report.RunCharts;
import io.autoencoded.job.report.RunReport;
import io.autoencoded.job.spark.TaskThreads;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.store.StoreSpace;
import io.autoencoded.job.store.StoreWriteFailure;
import io.autoencoded.job.progress.HumanBytes;
import io.autoencoded.job.progress.EtaClock;
import io.autoencoded.job.progress.HumanDuration;
import io.autoencoded.job.progress.ProgressDisplay;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.tensor.FrameTensorCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.apache.hadoop.fs.FSError;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains the VAE-GAN on the frame store with synchronous parameter averaging, the algorithm of DL4J's
 * {@code ParameterAveragingTrainingMaster}: each round the driver broadcasts the parameters, the updater state
 * and the step counter; {@code train.workers} replicas each train {@code train.averaging-frequency} minibatches
 * on their own shard of the epoch's shuffled frames; the driver tree-aggregates the sums of parameters and
 * updater state and divides by the number of replicas.
 *
 * <p>Why not dl4j-spark's {@code SparkDl4jMultiLayer}/{@code SharedTrainingMaster}: they drive one
 * {@code MultiLayerNetwork}/{@code ComputationGraph} with one loss through {@code fit(DataSet)}. The VAE-GAN is
 * three networks updated with three objectives from one forward pass (Larsen's Algorithm 1), which their
 * workers cannot run; so the same algorithm is written here with Spark's own broadcast, partitions and
 * treeAggregate, against {@link TrainableModel}.
 *
 * <p>Checkpoints (every epoch, and every {@code train.checkpoint-every-rounds} rounds) go to
 * {@code STORE/models/RUN/}; the run id is derived from the command, so the same command after a crash resumes.
 * Each checkpoint also refreshes the run's {@link RunReport} ({@code STORE/models/RUN/report.html}).
 *
 * <p>Before the first round, a {@link TrainingProbe} times a few minibatches on each replica and the run's
 * {@link RunEstimate} is printed (and held against {@link TrainingTimeLimit}); every round's line then carries the
 * run's percentage and ETA, on a terminal as a live bar.
 */
public final class TrainJob {
  /** The loss curves and the sample grid (original | reconstruction | prior sample) in each epoch's checkpoint. */
  public static final String LOSS_CURVE = "loss-curve.png";
  public static final String SAMPLES = "samples.png";

  private TrainJob() {}

  /** A freshly initialised model's state; the model itself is released (a torch model's tensors). */
  private static ModelState freshState(ModelFactory factory, ModelSpec spec) {
    TrainableModel model = factory.create(spec);
    try {
      return ModelState.of(model);
    } finally {
      model.release();
    }
  }

  /** The train command's work, callable in-process by the pipeline and retrain commands. */
  public static TrainResult run(SparkSession spark, Settings settings, List<String> filmIds, OptionalInt epochs,
      Optional<String> from) throws IOException {
    return run(spark, settings, filmIds, epochs, from, OptionalDouble.empty());
  }

  /** @param maxHours --max-hours: a run estimated above it stops before it starts, with a {@link UserException} */
  public static TrainResult run(SparkSession spark, Settings settings, List<String> filmIds, OptionalInt epochs,
      Optional<String> from, OptionalDouble maxHours) throws IOException {
    return run(spark, settings, filmIds, epochs, from, maxHours,
        ModelEngine.from(settings.config()).trainingFactory(), System.err);
  }

  public static TrainResult run(SparkSession spark, Settings settings, List<String> filmIds, OptionalInt epochs,
      Optional<String> from, ModelFactory factory, PrintStream log) throws IOException {
    return run(spark, settings, filmIds, epochs, from, OptionalDouble.empty(), factory, log);
  }

  public static TrainResult run(SparkSession spark, Settings settings, List<String> filmIds, OptionalInt epochs,
      Optional<String> from, OptionalDouble maxHours, ModelFactory factory, PrintStream log) throws IOException {
    try {
      return train(spark, settings, filmIds, epochs, from, maxHours, factory, log);
    } catch (IOException | RuntimeException | FSError e) {
      // a full or unwritable store is the user's to fix (Hadoop's local filesystem reports a full disk as an Error)
      Optional<UserException> user = StoreWriteFailure.of(new StoreLayout(settings.store().root()), "the training",
          e, spark.sparkContext().hadoopConfiguration(), null,
          "the checkpoints written before are kept, and the same command resumes from the last of them");
      if (user.isPresent()) {
        throw user.get();
      }
      throw e;
    }
  }

  private static TrainResult train(SparkSession spark, Settings settings, List<String> filmIds, OptionalInt epochs,
      Optional<String> from, OptionalDouble maxHours, ModelFactory factory, PrintStream log) throws IOException {
    TrainSettings train = settings.train();
    TrainTuning tuning = TrainTuning.from(settings);
    ModelSpec configured = ModelSpec.from(settings);
    int targetEpochs = epochs.orElse(train.epochs());
    if (targetEpochs < 1) {
      throw new UserException("--epochs must be at least 1, got " + targetEpochs + ".");
    }
    StoreLayout layout = new StoreLayout(settings.store().root());
    FrameSource source = FrameSource.open(spark, layout, filmIds, configured);
    CheckpointStore checkpoints = new CheckpointStore(layout, spark.sparkContext().hadoopConfiguration());
    String runId = RunId.of(source.films(), configured, train, tuning.seed(), from.orElse(null), factory);

    ModelState state;
    TrainPosition position;
    String resumedFrom = null;
    Optional<StoredCheckpoint> own = checkpoints.newest(runId);
    if (own.isPresent() && own.get().position() != null) {
      StoredCheckpoint c = own.get();
      state = c.state();
      position = c.position();
      resumedFrom = c.uri();
      log.println("resuming from " + c.uri() + " (" + position.describe() + ", learning rate "
          + position.learningRate() + ")");
    } else {
      state = from.isPresent() ? warmStart(checkpoints, from.get(), configured, factory, tuning, log)
          : fresh(factory, configured, source, log);
      position = new TrainPosition(runId, source.films(), 0, 0, 0, 0, configured.learningRate(), 0, null,
          List.of(), Instant.now().toString());
      log.println("training run " + runId + " on " + source.films() + ": " + source.total() + " frames, "
          + train.workers() + (train.workers() == 1 ? " replica x " : " replicas x ") + train.averagingFrequency()
          + " minibatches of " + train.batchSize() + " per round" + threadsNote(replicaThreads(spark, train, tuning)));
    }
    if (position.epochsDone() >= targetEpochs) {
      log.println("run " + runId + " already has " + position.epochsDone() + " epochs (asked for " + targetEpochs
          + "): nothing to train");
      return new TrainResult(runId, resumedFrom, position.epochsDone(), position.lastLosses(), 0, 0, 0, 0,
          position.rollbacks(), resumedFrom, null, 0);
    }
    RunReport report = new RunReport(StoreFileSystem.of(layout, spark.sparkContext().hadoopConfiguration()), layout,
        log);
    TrainLoop loop = new TrainLoop(spark, source, checkpoints, factory, train, tuning, log, resumedFrom,
        settings.rendered(), report);
    RunEstimate estimate = estimate(spark, source, state.withSpec(withLearningRate(state.spec(),
        position.learningRate())), position, targetEpochs, factory, train, tuning, settings.rendered(), maxHours, log,
        loop);
    if (estimate != null) {
      // checkpoints are all kept and each is as large as the probe's: a store without room for them cannot hold the
      // run, and is refused before the first round rather than failing days into it
      long writes = estimate.checkpointBytes() * estimate.checkpoints();
      Optional<StoreSpace> space = StoreSpace.of(StoreFileSystem.of(layout, spark.sparkContext().hadoopConfiguration()),
          layout);
      if (space.isPresent()) {
        log.println("store: " + space.get().describe() + " for the run's " + HumanBytes.of(writes) + " of checkpoints");
        space.get().requireAtLeast(writes, "the training", HumanBytes.of(writes) + " for its " + estimate.checkpoints()
            + " checkpoints of " + HumanBytes.of(estimate.checkpointBytes()));
      }
    }
    return loop.run(state, position, targetEpochs, estimate);
  }

  /**
   * Probes, prints the estimate, warns or stops (--max-hours) before the long work; null when the probe is off
   * (train.probe-minibatches = 0).
   */
  private static RunEstimate estimate(SparkSession spark, FrameSource source, ModelState state,
      TrainPosition position, int targetEpochs, ModelFactory factory, TrainSettings train, TrainTuning tuning,
      String config, OptionalDouble maxHours, PrintStream log, TrainLoop loop) throws IOException {
    if (tuning.probeMinibatches() == 0) {
      if (maxHours.isPresent()) {
        throw new UserException("--max-hours needs the run's estimate, and train.probe-minibatches = 0 turns off the "
            + "probe it is made from: set train.probe-minibatches to at least 1, or drop --max-hours.");
      }
      return null;
    }
    RoundPlan plan = new RoundPlan(source.total(), train.workers(), train.batchSize(), train.averagingFrequency());
    ProbeTimings probe = TrainingProbe.run(JavaSparkContext.fromSparkContext(spark.sparkContext()), source, state,
        factory, train.workers(), train.batchSize(), tuning.probeMinibatches(), replicaThreads(spark, train, tuning), config);
    probe = loop.rehearseEpochEnd(probe, state, position);
    RunEstimate estimate = RunEstimate.of(probe, plan, position.epochsDone(), position.roundsDone(), targetEpochs,
        tuning.checkpointEveryRounds());
    log.println(estimate.describe());
    new TrainingTimeLimit(maxHours, tuning.warnAfterHours()).check(estimate, log::println);
    return estimate;
  }

  /**
   * A new model; a centred one gets its centre, the mean of the run's frames, here (a warm start keeps the centre
   * its model learned with, and a resumed run its checkpoint's).
   */
  private static ModelState fresh(ModelFactory factory, ModelSpec spec, FrameSource source, PrintStream log) {
    TrainableModel model = factory.create(spec);
    try {
      if (ModelSpec.MEAN_FRAME.equals(spec.centring())) {
        long started = System.nanoTime();
        model.setCentre(source.meanFrame(spec));
        log.println(String.format(java.util.Locale.ROOT, "input centre: the mean frame of the %d frames (%.1f s)",
            source.total(), (System.nanoTime() - started) / 1e9));
      }
      return ModelState.of(model);
    } finally {
      model.release();
    }
  }

  private static ModelState warmStart(CheckpointStore checkpoints, String from, ModelSpec configured,
      ModelFactory factory, TrainTuning tuning, PrintStream log) throws IOException {
    StoredCheckpoint c = checkpoints.read(from);
    String centring = c.state().spec().centring();
    if (!centring.equals(configured.centring())) {
      // the weights learned around the model's own centre (or none): a model from before centring keeps training
      log.println("the model at " + from + " was trained with model.centring = " + centring + ": it keeps it");
      configured = configured.withCentring(centring);
    }
    String differences = c.state().spec().architectureDifferences(configured);
    if (!differences.isEmpty()) {
      throw new UserException("The model at " + from + " does not fit this run (checkpoint vs config: "
          + differences + "): set those keys as it was trained (--set KEY=VALUE), or train without --from.");
    }
    ModelState fresh = freshState(factory, configured);
    if (fresh.parameters().length != c.state().parameters().length) {
      throw new UserException("The model at " + from + " has " + c.state().parameters().length
          + " parameters, this build's model has " + fresh.parameters().length + ": train without --from.");
    }
    log.println("warm start from " + c.uri() + (tuning.fromUpdaterState() ? " (weights and optimizer state)"
        : " (weights; fresh optimizer)"));
    return tuning.fromUpdaterState() && c.state().updaterState().length == fresh.updaterState().length
        ? new ModelState(configured, c.state().parameters(), c.state().updaterState(), c.state().iteration())
        : new ModelState(configured, c.state().parameters(), fresh.updaterState(), 0);
  }

  private static String threadsNote(int threads) {
    return threads == 0 ? "" : ", " + threads + (threads == 1 ? " native thread" : " native threads") + " each";
  }

  /** The native threads of each replica (see {@link TaskThreads#perReplica}). */
  private static int replicaThreads(SparkSession spark, TrainSettings train, TrainTuning tuning) {
    return TaskThreads.perReplica(tuning.nativeThreadsPerTask(), train.workers(), spark.sparkContext().master());
  }

  /** The same spec with another learning rate (the only thing a rollback changes). */
  static ModelSpec withLearningRate(ModelSpec s, double lr) {
    return s.withLearningRate(lr);
  }

  /** Where a round started: what the loop goes back to when the round after it diverges. */
  private record RoundStart(ModelState state, int round, long framesSeen, long step, RoundLosses last,
      int historySize, boolean resuming) {}

  /** The epochs-and-rounds loop of one invocation. */
  private static final class TrainLoop {
    private final SparkSession spark;
    private final FrameSource source;
    private final CheckpointStore checkpoints;
    private final ModelFactory factory;
    private final TrainSettings train;
    private final TrainTuning tuning;
    private final PrintStream log;
    private final String resumedFrom;
    private final List<byte[]> samples;
    private final String config;
    private final RunReport report;

    TrainLoop(SparkSession spark, FrameSource source, CheckpointStore checkpoints, ModelFactory factory,
        TrainSettings train, TrainTuning tuning, PrintStream log, String resumedFrom, String config,
        RunReport report) {
      this.config = config;
      this.spark = spark;
      this.source = source;
      this.checkpoints = checkpoints;
      this.factory = factory;
      this.train = train;
      this.tuning = tuning;
      this.log = log;
      this.resumedFrom = resumedFrom;
      this.samples = source.samples(tuning.samples());
      this.report = report;
    }

    TrainResult run(ModelState start, TrainPosition position, int targetEpochs, RunEstimate estimate)
        throws IOException {
      EtaClock clock = EtaClock.start((long) targetEpochs * source.total(), position.framesSeen(),
          estimate == null ? Double.NaN : estimate.framesPerSecond());
      try (ProgressDisplay display = ProgressDisplay.open(log, "train", "frames", clock)) {
        return rounds(start, position, targetEpochs, estimate, clock, display);
      }
    }

    private TrainResult rounds(ModelState start, TrainPosition position, int targetEpochs, RunEstimate estimate,
        EtaClock clock, ProgressDisplay display) throws IOException {
      long began = System.nanoTime();
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      RoundPlan plan = new RoundPlan(source.total(), train.workers(), train.batchSize(), train.averagingFrequency());
      ModelState state = start.withSpec(withLearningRate(start.spec(), position.learningRate()));
      List<LossPoint> history = new ArrayList<>(position.history());
      long framesSeen = position.framesSeen();
      long step = position.step();
      int rollbacks = position.rollbacks();
      RoundLosses last = position.lastLosses();
      String lastUri = resumedFrom;
      long trainedHere = 0;
      boolean resuming = resumedFrom != null; // marks this invocation's first round in the history
      long wallNanos = 0;
      long steadyWall = 0;
      long steadyCompute = 0;
      long steadyFrames = 0;
      for (int epoch = position.epochsDone(); epoch < targetEpochs; epoch++) {
        if (epoch > position.epochsDone()) {
          // The previous epoch's shuffle files (a whole copy of the frames) are deleted by Spark's ContextCleaner
          // only once their RDD is garbage-collected on the driver; without this, a large driver heap keeps
          // several epochs' copies on the executors' disks.
          System.gc();
        }
        EpochShards shards = EpochShards.of(source, plan, FramePermutation.epochSeed(tuning.seed(), epoch));
        int round = epoch == position.epochsDone() ? position.roundsDone() : 0;
        boolean firstOfEpoch = true;
        // where the round before this one started, while it can still be redone (same epoch, no checkpoint since)
        RoundStart before = null;
        while (round < plan.rounds()) {
          long t0 = System.nanoTime();
          ParameterAverager sum = ReplicaRound.run(sc, shards.round(round), state, factory, train.batchSize(),
              replicaThreads(spark, train, tuning));
          long elapsed = System.nanoTime() - t0;
          RoundLosses losses = sum.losses().mean();
          if (losses.diverged(tuning.lossLimit())) {
            rollbacks++;
            double lr = state.spec().learningRate();
            if (rollbacks > tuning.maxRollbacks()) {
              throw new UserException(String.format(java.util.Locale.ROOT,
                  "Training diverged %d times (epoch %d, round %d: losses prior %.4g, llike %.4g, gan %.4g) even with "
                      + "the learning rate lowered to %.3g: lower train.learning-rate or raise train.rollback.max.",
                  rollbacks, epoch + 1, round + 1, losses.prior(), losses.llike(), losses.gan(), lr));
            }
            double lower = lr * tuning.lrFactor();
            // A round's losses include its first step's, taken at the state the round before left: when that
            // state is what diverges, this round redone from it at any learning rate diverges again. So the round
            // before is redone too, at the lower rate, where it can be.
            String back = before == null ? "the round's starting point"
                : "the start of round " + (before.round() + 1) + " (the round before, whose updates made the state "
                    + "this round started from)";
            display.println(String.format(java.util.Locale.ROOT, "epoch %d round %d diverged (prior %.4g, llike "
                    + "%.4g, gan %.4g, non-finite steps %d): rolling back to %s and lowering the learning rate from "
                    + "%.3g to %.3g (rollback %d of at most %d)", epoch + 1, round + 1, losses.prior(),
                losses.llike(), losses.gan(), losses.nonFinite(), back, lr, lower, rollbacks, tuning.maxRollbacks()));
            if (before != null) {
              state = before.state();
              round = before.round();
              framesSeen = before.framesSeen();
              step = before.step();
              last = before.last();
              history.subList(before.historySize(), history.size()).clear();
              resuming = before.resuming();
              clock.advanceTo(framesSeen);
              before = null;
            }
            state = state.withSpec(withLearningRate(state.spec(), lower));
            continue;
          }
          before = new RoundStart(state, round, framesSeen, step, last, history.size(), resuming);
          state = sum.average(state.spec());
          framesSeen += sum.frames();
          trainedHere += sum.frames();
          wallNanos += elapsed;
          if (!firstOfEpoch) {
            steadyWall += elapsed;
            steadyCompute += sum.maxComputeNanos();
            steadyFrames += sum.frames();
          }
          firstOfEpoch = false;
          step++;
          round++;
          last = losses;
          history.add(LossPoint.of(epoch, round, framesSeen, sum.losses(), state.spec().learningRate(),
              elapsed / 1e9, rollbacks, resuming));
          resuming = false;
          clock.advanceTo(framesSeen);
          display.println(String.format(java.util.Locale.ROOT, "epoch %d/%d round %d/%d: %s of the run, %s; %d "
                  + "frames seen, %.2f frames/s, prior %.4g, llike %.4g, gan %.4g, pixel mse %.4g, skipped updates: "
                  + "decoder %d, discriminator %d", epoch + 1, targetEpochs, round, plan.rounds(), clock.percent(),
              clock.eta(), framesSeen, sum.frames() / (elapsed / 1e9), losses.prior(), losses.llike(), losses.gan(),
              losses.pixelMse(), losses.decoderSkipped(), losses.discriminatorSkipped()));
          boolean epochEnd = round == plan.rounds();
          if (epochEnd || (tuning.checkpointEveryRounds() > 0 && round % tuning.checkpointEveryRounds() == 0)) {
            TrainPosition at = new TrainPosition(position.runId(), source.films(), epochEnd ? epoch + 1 : epoch,
                epochEnd ? 0 : round, step, framesSeen, state.spec().learningRate(), rollbacks, losses,
                List.copyOf(history), Instant.now().toString());
            Map<String, byte[]> pictures = epochEnd ? pictures(state, history) : Map.of();
            lastUri = checkpoints.write(state, at, pictures, factory, config);
            before = null; // a stored checkpoint is not undone
            display.println("checkpoint " + lastUri + " (" + at.describe() + ")");
            report.publish(at, config, pictures.get(SAMPLES));
          }
        }
      }
      log.println("training report " + report.address(position.runId()));
      double fps = wallNanos == 0 ? 0 : trainedHere / (wallNanos / 1e9);
      double overhead = steadyWall == 0 ? Double.NaN : 1 - (double) steadyCompute / steadyWall;
      double steadyFps = steadyWall == 0 ? Double.NaN : steadyFrames / (steadyWall / 1e9);
      double seconds = (System.nanoTime() - began) / 1e9;
      // said beside the estimate, so that a user learns how far to trust the next one on this cluster
      display.println("trained " + trainedHere + " frames in " + HumanDuration.of(seconds)
          + (estimate == null ? "" : " (the estimate was " + HumanDuration.of(estimate.seconds()) + ")"));
      return new TrainResult(position.runId(), lastUri, targetEpochs, last, trainedHere, fps, steadyFps, overhead,
          rollbacks, resumedFrom, estimate, seconds);
    }

    /**
     * Times an epoch's end as this store and this driver do it, for the estimate: the pictures and the report's
     * charts drawn, then a checkpoint with them written into a staging directory of the store and removed. Nothing
     * is published (--max-hours may yet stop the run with nothing stored). On a small model these fixed costs, not
     * the minibatches, are most of an epoch.
     */
    ProbeTimings rehearseEpochEnd(ProbeTimings probe, ModelState state, TrainPosition position) throws IOException {
      long t0 = System.nanoTime();
      Map<String, byte[]> files = new LinkedHashMap<>(pictures(state, List.copyOf(position.history())));
      files.putAll(RunReport.charts(position.history()));
      long t1 = System.nanoTime();
      checkpoints.rehearse(state, position, files, factory, config);
      long t2 = System.nanoTime();
      return probe.withEpochEnd((t2 - t1) / 1e9, (t1 - t0) / 1e9);
    }

    /** The epoch's pictures, kept in its checkpoint: the loss curves and the sample grid. */
    private Map<String, byte[]> pictures(ModelState state, List<LossPoint> history) {
      Map<String, byte[]> files = new LinkedHashMap<>();
      files.put(LOSS_CURVE, ChartPng.of(RunCharts.losses(history), RunReport.CHART_WIDTH, RunCharts.LOSSES_HEIGHT));
      if (!samples.isEmpty()) {
        ModelSpec s = state.spec();
        FrameTensorCodec codec = new FrameTensorCodec(s.height(), s.width(), s.channels());
        TrainableModel model = factory.create(s);
        INDArray recon;
        INDArray drawn;
        try {
          state.applyTo(model);
          recon = model.reconstruct(codec.toBatch(samples));
          // the same draws every epoch, so that the grids show how the decoder's map of the prior changes
          drawn = model.decode(PriorDraws.of(samples.size(), s.latent(), tuning.seed()));
        } finally {
          model.release();
        }
        List<byte[]> out = new ArrayList<>();
        List<byte[]> prior = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
          out.add(codec.toPixels(recon, i));
          prior.add(codec.toPixels(drawn, i));
        }
        files.put(SAMPLES, SampleGrid.png(samples, out, prior, s.height(), s.width()));
      }
      return files;
    }
  }
}
