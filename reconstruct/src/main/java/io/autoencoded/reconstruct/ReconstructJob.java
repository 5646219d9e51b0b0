package io.autoencoded.reconstruct;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.report.RunReport;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmShots;
import io.autoencoded.job.store.FrameRow;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.scratch.ProcessScratch;
import io.autoencoded.job.store.StagingDirectory;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.store.StoreWriteFailure;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.train.ModelEngine;
import io.autoencoded.job.tensor.FrameTensorCodec;
import io.autoencoded.reconstruct.model.BatchReconstructor;
import io.autoencoded.reconstruct.model.DriverModel;
import io.autoencoded.reconstruct.model.ExecutorModel;
import io.autoencoded.reconstruct.model.ModelLoader;
import io.autoencoded.reconstruct.model.ModelLocator;
import io.autoencoded.reconstruct.model.ReconstructionModel;
import io.autoencoded.reconstruct.plan.SegmentPlan;
import io.autoencoded.reconstruct.plan.SegmentPlanner;
import io.autoencoded.reconstruct.quality.FramePair;
import io.autoencoded.reconstruct.quality.FrameQuality;
import io.autoencoded.reconstruct.quality.MeanFrame;
import io.autoencoded.reconstruct.quality.QualityReport;
import io.autoencoded.reconstruct.quality.QualitySummary;
import io.autoencoded.reconstruct.shots.ShotDetection;
import io.autoencoded.reconstruct.temporal.FlickerReport;
import io.autoencoded.reconstruct.temporal.FlickerSummary;
import io.autoencoded.reconstruct.temporal.LatentSmoother;
import io.autoencoded.reconstruct.temporal.PairFlicker;
import io.autoencoded.reconstruct.video.SegmentMuxer;
import io.autoencoded.reconstruct.video.VideoCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Reconstructs a film with a trained model: a first Spark pass averages the film's frames into its mean frame
 * (the quality baseline); then a map-only Spark job (one task per contiguous range of frames, no shuffle of frame
 * data) writes latents and ordered video segments into a staging directory and measures every reconstruction
 * and the mean frame against its frame; the driver then muxes the segments, in film order, with the film's
 * soundtrack, into one MP4, and publishes everything by rename: the latents to {@code STORE/latents/film_id=ID},
 * the video to {@code STORE/reconstructions/ID} and {@code --out}, the quality report beside both. On failure
 * nothing is left at {@code --out}.
 */
public final class ReconstructJob {
  public static final String VIDEO_NAME = "reconstruction.mp4";
  public static final String SIDE_BY_SIDE_NAME = "side-by-side.mp4";
  public static final String REPORT_DIR = "report";

  private ReconstructJob() {}

  public static ReconstructResult run(SparkSession spark, Settings settings, String filmId,
      ReconstructOptions options) throws IOException {
    try {
      return reconstruct(spark, settings, filmId, options);
    } catch (IOException | RuntimeException | FSError e) {
      String job = options.out().isPresent() ? "reconstruct" : "evaluate";
      StoreLayout layout = new StoreLayout(settings.store().root());
      StoreFileSystem.lostDuring(layout, job, e, spark.sparkContext().hadoopConfiguration())
          .ifPresent(user -> {
            throw user;
          });
      // Hadoop's local filesystem reports a full disk as an Error (FSError)
      StoreWriteFailure.of(layout, "the " + job, e, spark.sparkContext().hadoopConfiguration(), null,
          "nothing of it was published").ifPresent(user -> {
            throw user;
          });
      throw e;
    }
  }

  private static ReconstructResult reconstruct(SparkSession spark, Settings settings, String filmId,
      ReconstructOptions given) throws IOException {
    ReconstructSettings rs = ReconstructSettings.from(settings.config());
    ReconstructOptions options = given.withLoader(ModelLoader.ofEngine(given.loader(),
        ModelEngine.from(settings.config())));
    PrintStream console = options.console();
    StoreLayout layout = new StoreLayout(settings.store().root());
    StoreLayout.checkFilmId(filmId);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    FileSystem fs = StoreFileSystem.of(layout, hadoop);
    FilmRecord film = new FilmRegistry(layout, hadoop).require(filmId);
    if (film.frameCount() <= 0) {
      throw new UserException("Film '" + filmId + "' has no frames in the store: ingest it again.");
    }
    Path framesDir = layout.framesOf(filmId);
    List<Path> frameFiles = fs.exists(framesDir) ? FrameRangeReader.frameFiles(fs, framesDir) : List.of();
    if (frameFiles.isEmpty()) {
      throw new UserException("Film '" + filmId + "' is registered but its frames are missing from " + framesDir
          + ": ingest it again (autoencoded ingest --film PATH --film-id " + filmId + ").");
    }
    Optional<java.nio.file.Path> muxTarget = options.out().map(ReconstructJob::prepareOut);
    java.nio.file.Path local = ProcessScratch.newDirectory("reconstruct-");
    StagingDirectory stagingDir = null;
    try {
      ModelLocator locator = new ModelLocator(layout, fs, hadoop);
      Path checkpoint = locator.locate(options.model());
      byte[] read = locator.read(checkpoint);
      // loaded here only to fail early (corrupt, other resolution); dropped while the tasks run, since a
      // full-size model with its buffers is over a GB of native memory
      checkModel(load(options, read, checkpoint), checkpoint, film);
      // what the executors need (for the VAE-GAN: its weights without the optimizer state, a third of the size)
      byte[] bytes = options.loader().forExecutors(read);
      read = null; // the full checkpoint (optimizer state included) can go
      System.gc(); // frees that model's native buffers now, not when the heap next fills

      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      int minSegments = rs.fillCores() ? Math.max(1, jsc.defaultParallelism()) : 1;
      List<SegmentPlan> plans = new SegmentPlanner(rs.framesPerSegment(), minSegments).plan(film.frameCount());
      boolean video = options.out().isPresent();
      if (video && rs.codec().equals("h264") && !VideoCodec.H264.available()) {
        // every segment must use one codec to be joined by packet copy: decide once, here
        console.println("warning: this FFmpeg build cannot encode H.264 (libopenh264): writing MPEG-4 Part 2");
        rs = rs.withCodec("mpeg4");
      }
      String label = video ? "reconstruct " + filmId : "evaluate " + filmId;
      int smoothing = options.smoothing().orElse(rs.smoothing());
      boolean evaluate = options.evaluate();
      stagingDir = StagingDirectory.openResumable(fs, layout, FinishedSegments.work(film, checkpoint.toString(), bytes,
          ModelEngine.from(settings.config()).name(), rs, plans, video, options.sideBySide(), options.latents(),
          smoothing, evaluate), settings.store());
      stagingDir.removedStale().forEach(p -> console.println("removed " + p + ", left in the store by a run that died"));
      Path staging = stagingDir.path();
      Map<Integer, SegmentResult> finished = stagingDir.resumedFrom().isEmpty() ? Map.of()
          : FinishedSegments.resume(fs, staging, plans, video, options.latents());
      long framesFinished = finished.values().stream().mapToLong(r -> r.plan().frameCount()).sum();
      stagingDir.resumedFrom().ifPresent(p -> console.println(String.format(Locale.ROOT,
          "%s: resuming the run that died in %s: %d of %d segments (%d frames) were finished and are reused", label,
          p, finished.size(), plans.size(), framesFinished)));
      console.println(String.format(Locale.ROOT, "%s: %d frames in %d segments with model %s", label,
          film.frameCount(), plans.size(), checkpoint));
      Map<String, String> hadoopEntries = hadoopEntries(hadoop);
      List<String> frameFileNames = frameFiles.stream().map(Path::toString).toList();
      // without evaluation nothing is measured against the mean frame: its pass over the film is not needed
      MeanFrame meanFrame = evaluate ? meanFrame(spark, hadoopEntries, frameFileNames, film, label, console) : null;
      FilmShots shots;
      try {
        // the shots bound flicker pairs and smoothing windows; a run with neither needs no pass to find them
        shots = evaluate || smoothing > 0
            ? ShotDetection.shotsOf(spark, hadoopEntries, frameFileNames, film, layout, label, console)
            : FilmShots.fromCuts(filmId, film.frameCount(), film.ingestedAt(), "not needed", new long[0],
                new double[0]);
      } catch (Exception e) { // Spark throws its checked SparkException undeclared
        throw jobFailure(e, "shot detection pass");
      }

      Broadcast<byte[]> model = jsc.broadcast(bytes);
      Broadcast<MeanFrame> mean = evaluate ? jsc.broadcast(meanFrame) : null;
      LongAccumulator done = spark.sparkContext().longAccumulator("reconstructed frames");
      SegmentTask task = new SegmentTask(hadoopEntries, frameFileNames, fs.makeQualified(staging).toString(), model,
          mean, options.loader(), film.height(), film.width(), film.frameRateNum(), film.frameRateDen(), rs,
          settings.spark().nativeThreadsPerTask(), video, options.sideBySide(), options.latents(), done, shots,
          smoothing, evaluate);

      long t0 = System.nanoTime();
      List<SegmentResult> results;
      spark.sparkContext().setJobDescription(label);
      List<SegmentPlan> todo = plans.stream().filter(p -> !finished.containsKey(p.index())).toList();
      try (ProgressReporter progress = new ProgressReporter(spark.sparkContext(), done, film.frameCount(),
          framesFinished, rs.progressIntervalS(), console, label)) {
        results = new ArrayList<>(finished.values());
        if (!todo.isEmpty()) {
          results.addAll(jsc.parallelize(todo, todo.size()).map(task::run).collect());
        }
      } catch (Exception e) { // Spark throws its checked SparkException undeclared
        throw jobFailure(e, "reconstruct job");
      } finally {
        // in local mode the executors' shared model lives in this JVM: free it with the job
        ExecutorModel.release(SegmentTask.modelKey(model));
        model.destroy();
        if (mean != null) {
          mean.destroy();
        }
        System.gc(); // the released model's native buffers go when their handles are collected
      }
      double jobSeconds = (System.nanoTime() - t0) / 1e9;
      results.sort(Comparator.comparingInt(r -> r.plan().index()));
      long frames = results.stream().mapToLong(SegmentResult::frames).sum();
      if (frames != film.frameCount() || results.size() != plans.size()) {
        throw new IllegalStateException("reconstructed " + frames + " frames in " + results.size()
            + " segments, expected " + film.frameCount() + " in " + plans.size());
      }
      console.println(String.format(Locale.ROOT, "%s: %d/%d frames (100 %%), %.1f frames/s", label, frames,
          film.frameCount(), frames / Math.max(1e-9, jobSeconds)));

      double muxSeconds = 0;
      boolean audioKept = false;
      Optional<String> stored = Optional.empty();
      Path storeDir = layout.reconstructionsOf(filmId);
      if (video) {
        java.nio.file.Path muxed = muxTarget.orElseThrow();
        SegmentMuxer.Result mux = mux(fs, staging, plans, film, layout, options, results, local, muxed, console);
        muxSeconds = mux.seconds();
        audioKept = mux.audioKept();
        Path storeVideo = new Path(storeDir, options.sideBySide() ? SIDE_BY_SIDE_NAME : VIDEO_NAME);
        Path storeTmp = new Path(storeDir, "." + storeVideo.getName() + "." + UUID.randomUUID() + ".tmp");
        fs.copyFromLocalFile(false, true, new Path(muxed.toUri()), storeTmp);
        StoreFileSystem.replace(fs, storeTmp, storeVideo);
        stored = Optional.of(fs.makeQualified(storeVideo).toString());
      }
      if (options.latents()) {
        StoreFileSystem.replace(fs, new Path(staging, SegmentTask.LATENTS_DIR), layout.latentsOf(filmId));
      }

      List<FrameQuality> perFrame = new ArrayList<>(evaluate ? (int) frames : 0);
      for (SegmentResult r : results) {
        perFrame.addAll(r.quality());
      }
      QualitySummary summary = evaluate ? QualitySummary.of(perFrame) : QualitySummary.NOT_MEASURED;
      List<PairFlicker> perPair = results.stream().flatMap(r -> r.flicker().stream()).toList();
      // without evaluation or smoothing the shots were not looked for: the placeholder's one shot is not a figure
      FlickerSummary flickerSummary = evaluate || smoothing > 0 ? FlickerSummary.of(perPair, shots)
          : FlickerSummary.NOT_MEASURED;
      FlickerReport temporal = new FlickerReport(flickerSummary, perPair, shots, smoothing);
      java.nio.file.Path reportLocal = local.resolve(REPORT_DIR);
      RunReport runReport = new RunReport(fs, layout, console);
      Optional<String> run = runReport.runOf(checkpoint);
      List<FramePair> worst = List.of();
      String reportPath = null;
      if (evaluate) {
        worst = rs.worstFrames() == 0 ? List.of()
            : worstPairs(load(options, bytes, checkpoint), hadoop, frameFiles, film, perFrame, rs.worstFrames(), shots,
                smoothing);
        // in the store, the training report is three levels up: reconstructions/ID/report/ -> models/RUN/report.html
        QualityReport.write(reportLocal, filmId, checkpoint.toString(), summary, perFrame, worst, film.height(),
            film.width(), 3, run.map(r -> new QualityReport.TrainingRun(r, "../../../models/" + r + "/"
                + layout.runReport(r).getName())), temporal);
        Path storeReport = layout.qualityReport(filmId);
        Optional<String> replaced = runReport.runEvaluatedIn(filmId).filter(r -> !run.equals(Optional.of(r)));
        Path storeReportTmp = new Path(storeDir, "." + REPORT_DIR + "." + UUID.randomUUID() + ".tmp");
        fs.copyFromLocalFile(false, true, new Path(reportLocal.toUri()), storeReportTmp);
        StoreFileSystem.replace(fs, storeReportTmp, storeReport);
        reportPath = fs.makeQualified(new Path(storeReport, QualityReport.HTML)).toString();
        // this run's page gains these figures; the page of a run whose evaluation this one replaced loses its own
        run.ifPresent(r -> refreshTrainingReport(runReport, r, console));
        replaced.ifPresent(r -> refreshTrainingReport(runReport, r, console));
      }
      Optional<java.nio.file.Path> out = Optional.empty();
      if (muxTarget.isPresent()) {
        java.nio.file.Path target = options.out().get().toAbsolutePath();
        if (evaluate) {
          java.nio.file.Path besideOut = target.resolveSibling(stem(target) + "-report");
          copyTree(reportLocal, besideOut);
          reportPath = besideOut.resolve(QualityReport.HTML).toString();
          if (run.isPresent()) {
            // beside --out the store's relative link leads nowhere: a local store's report by its address, else none
            String href = "file".equals(layout.rootPath().toUri().getScheme())
                ? layout.runReport(run.get()).toUri().toString() : null;
            QualityReport.writeHtml(besideOut, filmId, checkpoint.toString(), summary, worst,
                Optional.of(new QualityReport.TrainingRun(run.get(), href)), temporal);
          }
        }
        Files.move(muxTarget.get(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out = Optional.of(target);
      }
      stagingDir.close();
      if (evaluate) {
        console.println(label + ": " + summary.describe());
        console.println(label + ": " + temporal.summary().describe());
      } else {
        console.println(label + ": not evaluated (--no-evaluation): no quality figures, no report; "
            + "autoencoded evaluate --film-id " + filmId + " measures it");
      }
      ReconstructResult result = new ReconstructResult(filmId, checkpoint.toString(), frames, plans.size(),
          film.frameRateNum(), film.frameRateDen(), summary, temporal.summary(), smoothing, out, stored,
          Optional.ofNullable(reportPath), audioKept, jobSeconds, muxSeconds,
          results.stream().mapToDouble(SegmentResult::modelSeconds).sum(),
          results.stream().mapToDouble(SegmentResult::readSeconds).sum(),
          results.stream().mapToDouble(SegmentResult::writeSeconds).sum());
      out.ifPresent(p -> console.println(String.format(Locale.ROOT,
          "%s: wrote %s (%d frames at %d/%d fps%s%s)%s", label, p, frames, film.frameRateNum(),
          film.frameRateDen(), options.sideBySide() ? ", side by side" : "", result.audioKept() ? ", with sound" : "",
          result.report().map(r -> ", report " + r).orElse(""))));
      return result;
    } catch (IOException | RuntimeException | Error e) {
      muxTarget.ifPresent(ReconstructJob::deleteQuietly);
      throw e;
    } finally {
      if (stagingDir != null) {
        stagingDir.close(); // never throws; a directory it cannot remove now is removed by a later run
      }
      deleteTree(local);
    }
  }

  /**
   * Redraws the training report of the run whose checkpoint was measured, so that it shows these figures. A
   * report that cannot be redrawn is said and skipped: the evaluation itself is done and published.
   */
  private static void refreshTrainingReport(RunReport report, String run, PrintStream console) {
    try {
      report.refresh(run).ifPresent(page -> console.println("training report of " + run + " updated: " + page));
    } catch (IOException | RuntimeException e) {
      console.println("warning: the training report of " + run + " was not updated (" + e.getMessage() + ")");
    }
  }

  /**
   * The N worst frames with their pixels, for the report. Tasks only send numbers; the few frames shown are
   * read again and reconstructed again here (the model is deterministic, so this is the same picture; with temporal
   * smoothing, from the frame's smoothed code, so from the codes of its window).
   */
  private static List<FramePair> worstPairs(ReconstructionModel model, Configuration hadoop, List<Path> files,
      FilmRecord film, List<FrameQuality> perFrame, int n, FilmShots shots, int smoothing) throws IOException {
    List<FrameQuality> worst = perFrame.stream().sorted(QualitySummary.worstFirst()).limit(n).toList();
    BatchReconstructor reconstructor = new BatchReconstructor(model);
    LatentSmoother smoother = smoothing > 0 ? new LatentSmoother(smoothing) : null;
    List<FramePair> pairs = new ArrayList<>();
    for (FrameQuality q : worst) {
      byte[] original = FrameRangeReader.read(hadoop, files, q.frameIndex(), 1)[0].pixels();
      byte[] rec;
      if (smoother == null) {
        rec = reconstructor.pixelsOf(reconstructor.run(List.of(original)), 0);
      } else {
        long[] window = smoother.window(q.frameIndex(), shots);
        List<byte[]> around = Arrays.stream(FrameRangeReader.read(hadoop, files, window[0],
            (int) (window[1] - window[0]))).map(FrameRow::pixels).toList();
        float[] codes = reconstructor.encode(around);
        float[] code = smoother.smooth(codes, codes.length / around.size(), window[0], q.frameIndex(),
            q.frameIndex() + 1, shots);
        rec = new byte[original.length];
        new FrameTensorCodec(film.height(), film.width(), 3).fromChw(reconstructor.decode(code, 1), 0, rec);
      }
      pairs.add(new FramePair(q, original, rec));
    }
    reconstructor.close();
    return pairs;
  }

  /**
   * The film's mean frame, the baseline every frame is also measured against: a pass over the stored frames
   * before the reconstruction (reading is cheap beside the model), timed and said.
   */
  private static MeanFrame meanFrame(SparkSession spark, Map<String, String> hadoopEntries, List<String> frameFiles,
      FilmRecord film, String label, PrintStream console) {
    long t0 = System.nanoTime();
    spark.sparkContext().setJobDescription(label + ": mean frame");
    MeanFrame mean;
    try {
      mean = MeanFramePass.run(JavaSparkContext.fromSparkContext(spark.sparkContext()), hadoopEntries, frameFiles,
          film);
    } catch (Exception e) { // Spark throws its checked SparkException undeclared
      throw jobFailure(e, "mean-frame pass");
    }
    console.println(String.format(Locale.ROOT, "%s: mean frame of %d frames (the baseline) in %.1f s", label,
        film.frameCount(), (System.nanoTime() - t0) / 1e9));
    return mean;
  }

  /** A failed Spark job as the user should see it. */
  static RuntimeException jobFailure(Exception e, String job) {
    // a task failed for a reason the user can fix (an unreadable model, say): say that, not "stage failed"
    UserException user = userCause(e);
    if (user != null) {
      return new UserException(user.getMessage(), e);
    }
    if (e instanceof RuntimeException re) {
      return re;
    }
    return new IllegalStateException("the " + job + " failed: " + e.getMessage(), e);
  }

  private static UserException userCause(Throwable t) {
    for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof UserException u) {
        return u;
      }
    }
    return null;
  }

  private static SegmentMuxer.Result mux(FileSystem fs, Path staging, List<SegmentPlan> plans, FilmRecord film,
      StoreLayout layout, ReconstructOptions options, List<SegmentResult> results, java.nio.file.Path local,
      java.nio.file.Path muxed, PrintStream console) throws IOException {
    java.nio.file.Path segDir = Files.createDirectories(local.resolve("segments"));
    List<SegmentMuxer.Segment> segments = new ArrayList<>();
    for (SegmentPlan plan : plans) {
      java.nio.file.Path file = segDir.resolve(plan.name() + ".mp4");
      fs.copyToLocalFile(false, SegmentTask.segmentFile(staging, plan), new Path(file.toUri()), true);
      segments.add(new SegmentMuxer.Segment(file, plan.frameCount()));
    }
    Optional<SegmentMuxer.Audio> audio = Optional.empty();
    Path audioPath = layout.audioOf(film.filmId());
    if (options.audio() && film.hasAudio()) {
      if (fs.exists(audioPath)) {
        java.nio.file.Path a = local.resolve("audio.mka");
        fs.copyToLocalFile(false, audioPath, new Path(a.toUri()), true);
        audio = Optional.of(new SegmentMuxer.Audio(a, results.get(0).firstPtsUs()));
      } else {
        console.println("warning: the soundtrack of '" + film.filmId() + "' is missing from " + audioPath
            + ": the video is written without sound");
      }
    }
    return SegmentMuxer.mux(segments, film.frameRateNum(), film.frameRateDen(), audio, muxed,
        w -> console.println("warning: " + w));
  }

  private static ReconstructionModel load(ReconstructOptions options, byte[] bytes, Path checkpoint) {
    return DriverModel.load(options.loader(), bytes, checkpoint);
  }

  private static void checkModel(ReconstructionModel model, Path checkpoint, FilmRecord film) {
    DriverModel.requireSize(model, checkpoint, film);
  }

  /**
   * Deletes the hidden temporaries that an earlier run for the same --out left when it was killed (SIGKILL runs
   * no cleanup): re-running the command is how a user recovers, so it must leave the directory clean.
   */
  private static void removeStaleTemporaries(java.nio.file.Path target) throws IOException {
    java.util.regex.Pattern stale = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(
        "." + target.getFileName() + ".") + "[0-9a-f-]{36}\\.tmp");
    try (java.util.stream.Stream<java.nio.file.Path> siblings = Files.list(target.getParent())) {
      for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) siblings::iterator) {
        if (stale.matcher(p.getFileName().toString()).matches()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Checks that --out can be written and returns the hidden temporary file beside it the muxer writes. */
  static java.nio.file.Path prepareOut(java.nio.file.Path out) {
    java.nio.file.Path target = out.toAbsolutePath().normalize();
    if (Files.isDirectory(target)) {
      throw new UserException("--out " + out + " is a directory: name a file such as " + target.resolve("film.mp4") + ".");
    }
    java.nio.file.Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(target.getParent());
      removeStaleTemporaries(target);
      Files.createFile(tmp);
    } catch (IOException | SecurityException e) {
      throw new UserException("--out " + out + " cannot be written (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + "): choose a writable location for the video.", e);
    }
    return tmp;
  }

  static Map<String, String> hadoopEntries(Configuration hadoop) {
    Map<String, String> entries = new HashMap<>();
    for (Map.Entry<String, String> e : hadoop) {
      entries.put(e.getKey(), e.getValue());
    }
    return entries;
  }

  private static String stem(java.nio.file.Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static void copyTree(java.nio.file.Path from, java.nio.file.Path to) throws IOException {
    java.nio.file.Path tmp = to.resolveSibling("." + to.getFileName() + "." + UUID.randomUUID() + ".tmp");
    Files.createDirectories(tmp);
    try (var files = Files.list(from)) {
      for (java.nio.file.Path f : files.toList()) {
        Files.copy(f, tmp.resolve(f.getFileName()));
      }
    }
    deleteTree(to);
    Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
  }

  static void deleteQuietly(java.nio.file.Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a hidden temporary file; nothing visible at --out either way
    }
  }

  static void deleteTree(java.nio.file.Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(ReconstructJob::deleteQuietly);
    } catch (IOException ignored) {
      // temporary files only
    }
  }
}
