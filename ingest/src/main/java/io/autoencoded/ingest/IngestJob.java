package io.autoencoded.ingest;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.store.StoreSpace;
import io.autoencoded.job.store.StoreWriteFailure;
import io.autoencoded.job.store.StagingDirectory;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.scratch.ProcessScratch;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Ingests one film into the frame store: decode (in parallel segments when the container allows it), fit to
 * the training size, write Parquet in the frame-store schema, keep the soundtrack, register the film.
 *
 * <p>Everything is written under a fresh staging directory first and published by renames only once complete:
 * the frames directory, then the audio, then the registry entry last. A failed or interrupted ingest leaves
 * no visible partial film, and a film being replaced stays intact until its replacement is complete.
 */
public final class IngestJob {
  private IngestJob() {}

  public static IngestResult run(SparkSession spark, Settings settings, String film, String filmId,
      boolean replace) {
    return run(spark, settings, film, filmId, replace, System.err);
  }

  public static IngestResult run(SparkSession spark, Settings settings, String film, String filmId,
      boolean replace, PrintStream log) {
    return run(spark, settings, film, filmId, replace, log, plan -> plan);
  }

  /**
   * As {@link #run}, with the segment plan passed through {@code planned} first: tests use it to plan a film
   * the way a container with misleading timestamps would, to see the fallback to a sequential decode.
   */
  static IngestResult run(SparkSession spark, Settings settings, String film, String filmId, boolean replace,
      PrintStream log, java.util.function.UnaryOperator<SegmentPlan> planned) {
    try {
      return ingest(spark, settings, film, filmId, replace, log, planned);
    } catch (Exception | FSError e) { // Spark's SparkException is checked but thrown undeclared
      // Hadoop's local filesystem reports a full disk as an Error (FSError), from the driver's own writes too
      StoreLayout layout = new StoreLayout(settings.store().root());
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      StoreFileSystem.lostDuring(layout, "ingest", e, hadoop).ifPresent(user -> {
        throw user;
      });
      StoreWriteFailure.of(layout, "the ingest", e, hadoop, null, "nothing of it was published").ifPresent(user -> {
        throw user;
      });
      if (e instanceof RuntimeException re) {
        throw re;
      }
      if (e instanceof Error error) {
        throw error;
      }
      throw e instanceof IOException io ? new UncheckedIOException(io)
          : new IllegalStateException("the ingest failed: " + e.getMessage(), e);
    }
  }

  private static IngestResult ingest(SparkSession spark, Settings settings, String film, String filmId,
      boolean replace, PrintStream log, java.util.function.UnaryOperator<SegmentPlan> planned) throws IOException {
    long started = System.nanoTime();
    IngestSettings ingest = IngestSettings.from(settings.config());
    FilmSource source = FilmSource.of(film);
    String id = StoreLayout.checkFilmId(filmId != null && !filmId.isBlank() ? filmId : source.baseName());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    long sourceBytes = source.size(hadoop);
    StoreLayout layout = new StoreLayout(settings.store().root());
    FileSystem fs = StoreFileSystem.of(layout, hadoop);
    FilmRegistry registry = new FilmRegistry(layout, hadoop);
    int width = settings.frames().width();
    int height = settings.frames().height();

    Optional<FilmRecord> existing = registry.find(id);
    // an id already in the store needs the checksum first (re-ingesting the same file is a no-op); a new id
    // needs it only for its registry entry, so it is computed beside the decode instead of before it
    CompletableFuture<String> checksum = existing.isPresent()
        ? CompletableFuture.completedFuture(source.sha256(hadoop))
        : CompletableFuture.supplyAsync(() -> source.sha256(hadoop));
    long checksummed = System.nanoTime();
    if (existing.isPresent()) {
      String sha256 = checksum.join();
      FilmRecord old = existing.get();
      boolean sameFile = old.sha256().equals(sha256);
      if (sameFile && old.width() == width && old.height() == height && !replace) {
        log.println("ingest " + id + ": already in the store (same file, " + old.frameCount()
            + " frames): nothing to do.");
        return new IngestResult(id, old.frameCount(), old.frameRateNum(), old.frameRateDen(), 0, true,
            old.framesLost(), false, 0);
      }
      if (!replace) {
        throw new UserException("Film id '" + id + "' already holds " + (sameFile
            ? "this film at " + old.height() + "x" + old.width() + ", not " + height + "x" + width
            : "a different file (" + old.source() + ")")
            + ": pass --replace to overwrite it, or choose another --film-id.");
      }
    }

    java.nio.file.Path local = source.localFile(hadoop);
    FilmScan scan = FilmScanner.scan(local, source.given());
    long scanned = System.nanoTime();
    if (scan.packets() == 0) {
      throw new UserException("Film " + source.given() + " has no video frames: pass a complete video file.");
    }
    FitGeometry geometry = FitGeometry.of(scan.sourceWidth(), scan.sourceHeight(), scan.sarNum(), scan.sarDen(),
        width, height, settings.frames().fit());
    SegmentPlan plan = planned.apply(
        new SegmentPlanner(ingest.segmentFrames()).plan(scan.pts(), scan.dts(), scan.key()));
    if (!plan.planned()) {
      log.println("ingest " + id + ": decoding sequentially in one task (" + plan.sequentialReason() + ").");
    }

    IngestFootprint footprint = new IngestFootprint(plan.planned() ? plan.frames() : scan.packets(),
        geometry.frameBytes(), ingest.compression());
    Optional<StoreSpace> space = StoreSpace.of(fs, layout);
    log.println(footprint.line(id, space));
    if (space.isPresent()) {
      space.get().requireAtLeast(footprint.leastBytes(), "the ingest", footprint.need());
    }

    String writes = footprint.need();
    java.nio.file.Path localAudio = ProcessScratch.newFile("audio-", ".mka");
    try (StagingDirectory stagingDir = StagingDirectory.open(fs, layout, "ingest-" + id, settings.store())) {
      stagingDir.removedStale().forEach(p -> log.println("ingest " + id + ": removed " + p
          + ", left in the store by a run that died."));
      Path staging = stagingDir.path();
      Path stagedFrames = new Path(staging, "frames");
      Path stagedAudio = new Path(staging, "audio.mka");
      Written written;
      try {
        written = write(spark, source, scan, geometry, plan, ingest, stagedFrames, id, writes, log);
      } catch (Exception e) {
        // Spark throws its (checked) SparkException from Scala code: catch it here, whatever the signature says
        if (!plan.planned() || !isMismatch(e)) {
          throw e;
        }
        log.println("ingest " + id + ": the container's timestamps or seeking are not precise enough for a "
            + "parallel decode (" + mismatchDetail(e) + "); decoding it sequentially instead.");
        // tasks of the aborted parallel job may still be finishing and writing under the first directory:
        // the sequential decode writes to a directory of its own
        fs.delete(stagedFrames, true);
        stagedFrames = new Path(staging, "frames-sequential");
        plan = SegmentPlan.sequential("parallel decode disagreed with its plan");
        written = write(spark, source, scan, geometry, plan, ingest, stagedFrames, id, writes, log);
      }

      long decoded = System.nanoTime();
      long frames = written.frames();
      if (frames == 0) {
        throw new UserException("Film " + source.given() + " has no decodable video frames: the file is damaged "
            + "or not a video; pass a complete video file.");
      }
      long lastPtsUs = written.lastPtsUs();
      long framesLost = framesLost(scan, frames);
      if (framesLost > 0) {
        log.println("ingest " + id + ": WARNING: the file is truncated or damaged: kept the " + frames
            + " frames that decode, " + framesLost + " of the " + scan.claimedFrames()
            + " frames its container claims are lost.");
      }

      long originPts = plan.planned() ? plan.segments().get(0).originPts() : minPts(scan);
      boolean hasAudio = scan.hasAudio()
          && AudioExtractor.extract(local, source.given(), localAudio, originPts);
      if (hasAudio) {
        fs.copyFromLocalFile(false, true, new Path(localAudio.toUri()), stagedAudio);
      } else if (scan.hasAudio()) {
        log.println("ingest " + id + ": WARNING: the " + scan.audioCodec()
            + " soundtrack could not be copied; the film is stored without audio.");
      }

      // publish: frames, then audio, then the registry entry (what makes the film visible to other jobs)
      fs.delete(new Path(stagedFrames, "_SUCCESS"), false);
      StoreFileSystem.replace(fs, stagedFrames, layout.framesOf(id));
      if (hasAudio) {
        StoreFileSystem.replace(fs, stagedAudio, layout.audioOf(id));
      } else {
        fs.delete(layout.audioOf(id), false);
      }
      long frameUs = Timestamps.micros(1, scan.frameRateDen(), scan.frameRateNum());
      FilmRecord record = new FilmRecord(id, source.given(), join(checksum), sourceBytes, frames,
          scan.frameRateNum(), scan.frameRateDen(), lastPtsUs + frameUs, scan.sourceWidth(), scan.sourceHeight(),
          width, height, scan.codec(), hasAudio, framesLost, Instant.now().toString());
      registry.put(record);
      double seconds = (System.nanoTime() - started) / 1e9;
      log.printf(java.util.Locale.ROOT, "ingest %s: %d frames (%s, %dx%d -> %dx%d, %.3f fps%s) in %.1f s, "
              + "%.0f frames/s%s.%n", id, frames, scan.codec(), scan.sourceWidth(), scan.sourceHeight(), width,
          height, record.frameRate(), hasAudio ? ", with audio" : "", seconds, frames / seconds,
          plan.planned() ? ", " + plan.segments().size() + " segment(s) in parallel" : ", sequential");
      log.printf(java.util.Locale.ROOT, "ingest %s: phases: checksum %.1f s, demux scan %.1f s, decode+write %.1f s, "
              + "audio+publish %.1f s.%n", id, (checksummed - started) / 1e9, (scanned - checksummed) / 1e9,
          (decoded - scanned) / 1e9, (System.nanoTime() - decoded) / 1e9);
      return new IngestResult(id, frames, scan.frameRateNum(), scan.frameRateDen(), seconds, false, framesLost,
          plan.planned(), plan.segments().size());
    } catch (Exception | FSError e) {
      // here the run's size is known, so a full store's line can say what the ingest needs; the staging directory
      // is already closed (removed) when this runs
      Optional<UserException> user = StoreWriteFailure.of(layout, "the ingest", e, hadoop, writes,
          "nothing of it was published");
      if (user.isPresent()) {
        throw user.get();
      }
      throw e;
    } finally {
      Files.deleteIfExists(localAudio);
    }
  }

  /** What the tasks wrote: frames in all, and the largest pts_us (0 when none). */
  private record Written(long frames, long lastPtsUs) {}

  private static Written write(SparkSession spark, FilmSource source, FilmScan scan, FitGeometry geometry,
      SegmentPlan plan, IngestSettings ingest, Path target, String id, String writes, PrintStream log)
      throws IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    long expected = plan.planned() ? plan.frames() : scan.claimedFrames();
    target.getFileSystem(spark.sparkContext().hadoopConfiguration()).mkdirs(target);
    FrameFiles files = new FrameFiles(target, spark.sparkContext().hadoopConfiguration(), ingest,
        geometry.frameBytes(), spark.version());
    try (IngestProgress progress = new IngestProgress(spark.sparkContext(), id, expected,
        ingest.progressIntervalS(), writes, log)) {
      spark.sparkContext().addSparkListener(progress);
      try {
        spark.sparkContext().setJobDescription("ingest " + id);
        // tasks write the Parquet files themselves: no Spark rows, no SQL plan, no read-back to count them
        List<WriteSegments.Written> segments = jsc.parallelize(plan.segments(), plan.segments().size())
            .mapPartitions(new WriteSegments(source, StreamClock.of(scan), geometry, ingest.scaling(),
                DecoderThreads.of(ingest.decoderThreads(), plan.segments().size(),
                    spark.sparkContext().defaultParallelism()),
                progress.decoded(), files))
            .collect();
        long frames = 0;
        long lastPtsUs = 0;
        for (WriteSegments.Written w : segments) {
          frames += w.frames();
          lastPtsUs = Math.max(lastPtsUs, w.lastPtsUs());
        }
        return new Written(frames, lastPtsUs);
      } finally {
        spark.sparkContext().removeSparkListener(progress);
        spark.sparkContext().setJobDescription(null);
      }
    }
  }

  private static String join(CompletableFuture<String> checksum) {
    try {
      return checksum.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private static long framesLost(FilmScan scan, long frames) {
    long missing = scan.claimedFrames() - frames;
    // frames whose packets are in the file but show nothing (hidden VP9 reference frames, AVI padding) are not
    // lost: only a file holding fewer packets than it claims frames (cut short) or stopping on a read error is
    if (missing <= 0 || scan.containerPackets() >= scan.claimedFrames() && !scan.readError()) {
      return 0;
    }
    // an estimate from the duration is only trusted when it is clearly off
    return scan.claimExact() || missing > Math.max(2, scan.claimedFrames() / 50) ? missing : 0;
  }

  private static long minPts(FilmScan scan) {
    long min = FilmScan.NO_TS;
    for (long p : scan.pts()) {
      if (p != FilmScan.NO_TS && (min == FilmScan.NO_TS || p < min)) {
        min = p;
      }
    }
    return min;
  }

  static boolean isMismatch(Throwable t) {
    return mismatchDetail(t) != null;
  }

  private static String mismatchDetail(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      if (c instanceof SegmentMismatchException || m != null && m.contains(SegmentMismatchException.MARKER)) {
        int at = m == null ? -1 : m.indexOf(SegmentMismatchException.MARKER);
        String detail = at < 0 ? String.valueOf(m) : m.substring(at + SegmentMismatchException.MARKER.length() + 2);
        int nl = detail.indexOf('\n');
        return nl < 0 ? detail : detail.substring(0, nl);
      }
    }
    return null;
  }
}
