package io.autoencoded.reconstruct;

import io.autoencoded.job.config.Settings;
import io.autoencoded.job.scratch.ProcessScratch;
import io.autoencoded.job.store.StagingDirectory;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.reconstruct.latent.LatentPath;
import io.autoencoded.reconstruct.model.DriverModel;
import io.autoencoded.reconstruct.model.ExecutorModel;
import io.autoencoded.reconstruct.model.ModelLoader;
import io.autoencoded.reconstruct.plan.SegmentPlan;
import io.autoencoded.reconstruct.plan.SegmentPlanner;
import io.autoencoded.reconstruct.video.SegmentMuxer;
import io.autoencoded.reconstruct.video.VideoCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Decodes a path through latent space into a video the way a film is reconstructed: a map-only Spark job, one task
 * per contiguous range of frames ({@link SegmentPlanner}), each decoding its codes with the executor's model into an
 * ordered segment in the store's staging; the driver muxes the segments in order at the given rate into {@code out}
 * ({@link SegmentMuxer}). Nothing is left at {@code out} on failure.
 */
final class LatentVideoJob {
  private LatentVideoJob() {}

  /**
   * What the job needs of the model: its checkpoint's name, the bytes executors load it from and its frame size. Not
   * the driver's loaded model: in local mode the executors' copy lives in the same process, and a full-size model
   * with its buffers is over a GB of native memory, so the driver's is let go before the job (as reconstruct does).
   */
  record Model(Path checkpoint, byte[] forExecutors, int height, int width) {
    static Model of(DriverModel model) {
      return new Model(model.checkpoint(), model.forExecutors(), model.model().height(), model.model().width());
    }
  }

  static LatentVideo write(SparkSession spark, Settings settings, Model model, ModelLoader loader,
      LatentPath path, int rateNum, int rateDen, java.nio.file.Path out, String label, Long seed, PrintStream console)
      throws IOException {
    ReconstructSettings rs = ReconstructSettings.from(settings.config());
    StoreLayout layout = new StoreLayout(settings.store().root());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    FileSystem fs = StoreFileSystem.of(layout, hadoop);
    java.nio.file.Path muxTarget = ReconstructJob.prepareOut(out);
    System.gc(); // frees the native buffers of the driver's model (see Model) now, not when the heap next fills
    java.nio.file.Path local = null;
    StagingDirectory staging = null;
    try {
      local = ProcessScratch.newDirectory(label.replaceAll("[^A-Za-z0-9]+", "-") + "-");
      staging = StagingDirectory.open(fs, layout, label.replaceAll("[^A-Za-z0-9._-]+", "-"), settings.store());
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      int minSegments = rs.fillCores() ? Math.max(1, jsc.defaultParallelism()) : 1;
      List<SegmentPlan> plans = new SegmentPlanner(rs.framesPerSegment(), minSegments).plan(path.frames());
      if (rs.codec().equals("h264") && !VideoCodec.H264.available()) {
        // every segment must use one codec to be joined by packet copy: decide once, here
        console.println("warning: this FFmpeg build cannot encode H.264 (libopenh264): writing MPEG-4 Part 2");
        rs = rs.withCodec("mpeg4");
      }
      int height = model.height();
      int width = model.width();
      console.println(String.format(Locale.ROOT, "%s: %d frames (%dx%d at %d/%d fps) in %d segments with model %s",
          label, path.frames(), width, height, rateNum, rateDen, plans.size(), model.checkpoint()));
      Broadcast<byte[]> bytes = jsc.broadcast(model.forExecutors());
      Broadcast<LatentPath> codes = jsc.broadcast(path);
      LongAccumulator done = spark.sparkContext().longAccumulator("decoded frames");
      LatentSegmentTask task = new LatentSegmentTask(ReconstructJob.hadoopEntries(hadoop),
          fs.makeQualified(staging.path()).toString(), bytes, codes, loader, height, width, rateNum, rateDen, rs,
          settings.spark().nativeThreadsPerTask(), done);
      long t0 = System.nanoTime();
      spark.sparkContext().setJobDescription(label);
      try (ProgressReporter progress = new ProgressReporter(spark.sparkContext(), done, path.frames(),
          rs.progressIntervalS(), console, label)) {
        jsc.parallelize(plans, plans.size()).map(task::run).collect();
      } catch (Exception e) { // Spark throws its checked SparkException undeclared
        throw ReconstructJob.jobFailure(e, label + " job");
      } finally {
        // in local mode the executors' shared model lives in this JVM: free it with the job
        ExecutorModel.release(SegmentTask.modelKey(bytes));
        bytes.destroy();
        codes.destroy();
        System.gc();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      console.println(String.format(Locale.ROOT, "%s: %d/%d frames (100 %%), %.1f frames/s", label, path.frames(),
          path.frames(), path.frames() / Math.max(1e-9, seconds)));

      java.nio.file.Path segDir = Files.createDirectories(local.resolve("segments"));
      List<SegmentMuxer.Segment> segments = new ArrayList<>();
      for (SegmentPlan plan : plans) {
        java.nio.file.Path file = segDir.resolve(plan.name() + ".mp4");
        fs.copyToLocalFile(false, SegmentTask.segmentFile(staging.path(), plan), new Path(file.toUri()), true);
        segments.add(new SegmentMuxer.Segment(file, plan.frameCount()));
      }
      SegmentMuxer.Result mux = SegmentMuxer.mux(segments, rateNum, rateDen, Optional.empty(), muxTarget,
          w -> console.println("warning: " + w));
      java.nio.file.Path target = out.toAbsolutePath().normalize();
      Files.move(muxTarget, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      console.println(String.format(Locale.ROOT, "%s: wrote %s (%d frames at %d/%d fps, %dx%d)", label, target,
          mux.frames(), rateNum, rateDen, width, height));
      return new LatentVideo(target, mux.frames(), rateNum, rateDen, width, height, model.checkpoint().toString(),
          seed, seconds + mux.seconds());
    } catch (IOException | RuntimeException | Error e) {
      ReconstructJob.deleteQuietly(muxTarget);
      throw e;
    } finally {
      if (staging != null) {
        staging.close(); // never throws; a directory it cannot remove now is removed by a later run
      }
      if (local != null) {
        ReconstructJob.deleteTree(local);
      }
    }
  }
}
