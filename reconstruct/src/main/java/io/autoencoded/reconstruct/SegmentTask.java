package io.autoencoded.reconstruct;

import io.autoencoded.job.scratch.ProcessScratch;
import io.autoencoded.job.spark.TaskThreads;
import io.autoencoded.job.store.FrameRow;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.tensor.FrameTensorCodec;
import io.autoencoded.reconstruct.model.BatchReconstructor;
import io.autoencoded.reconstruct.model.ExecutorModel;
import io.autoencoded.reconstruct.model.ModelLoader;
import io.autoencoded.reconstruct.plan.SegmentPlan;
import io.autoencoded.reconstruct.quality.FrameQuality;
import io.autoencoded.reconstruct.quality.MeanFrame;
import io.autoencoded.reconstruct.video.SegmentVideoWriter;
import io.autoencoded.reconstruct.video.VideoCodec;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;

/**
 * One reconstruct task (runs on an executor): loads the model once, reads its range of frames in order,
 * encodes and decodes them in batches, measures each reconstruction (and the film's mean frame) against its
 * frame, and writes the range's latents file and video segment into the staging directory. Both are written
 * under a name unique to the task attempt and renamed to the segment's final name at the end, so a retried or
 * speculative attempt replaces a file whole and never adds frames.
 */
public final class SegmentTask implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String LATENTS_DIR = "latents";
  public static final String SEGMENTS_DIR = "segments";

  private final Map<String, String> hadoopConf;
  private final List<String> frameFiles;
  private final String staging;
  private final Broadcast<byte[]> checkpoint;
  private final Broadcast<MeanFrame> meanFrame;
  private final ModelLoader loader;
  private final int height;
  private final int width;
  private final int rateNum;
  private final int rateDen;
  private final ReconstructSettings settings;
  private final int nativeThreads;
  private final boolean writeVideo;
  private final boolean sideBySide;
  private final boolean writeLatents;
  private final LongAccumulator framesDone;

  public SegmentTask(Map<String, String> hadoopConf, List<String> frameFiles, String staging,
      Broadcast<byte[]> checkpoint, Broadcast<MeanFrame> meanFrame, ModelLoader loader, int height, int width,
      int rateNum, int rateDen, ReconstructSettings settings, int nativeThreads, boolean writeVideo,
      boolean sideBySide, boolean writeLatents, LongAccumulator framesDone) {
    this.hadoopConf = hadoopConf;
    this.frameFiles = frameFiles;
    this.staging = staging;
    this.checkpoint = checkpoint;
    this.meanFrame = meanFrame;
    this.loader = loader;
    this.height = height;
    this.width = width;
    this.rateNum = rateNum;
    this.rateDen = rateDen;
    this.settings = settings;
    this.nativeThreads = nativeThreads;
    this.writeVideo = writeVideo;
    this.sideBySide = sideBySide;
    this.writeLatents = writeLatents;
    this.framesDone = framesDone;
  }

  /** Identifies a job's model in an executor: broadcast ids restart with every SparkContext of a JVM. */
  public static String modelKey(Broadcast<byte[]> checkpoint) {
    SparkEnv env = SparkEnv.get();
    String app = env == null ? "no-spark" : env.conf().get("spark.app.id", "no-app");
    return app + "/" + checkpoint.id();
  }

  public static Path segmentFile(Path staging, SegmentPlan plan) {
    return new Path(new Path(staging, SEGMENTS_DIR), plan.name() + ".mp4");
  }

  public static Path latentsFile(Path staging, SegmentPlan plan) {
    return new Path(new Path(staging, LATENTS_DIR), "part-" + plan.name() + ".parquet");
  }

  public SegmentResult run(SegmentPlan plan) throws IOException {
    TaskContext task = TaskContext.get();
    String attempt = task == null ? "driver" : Long.toString(task.taskAttemptId());
    Configuration conf = new Configuration(false);
    hadoopConf.forEach(conf::set);
    Path stagingPath = new Path(staging);
    FileSystem fs = stagingPath.getFileSystem(conf);

    long t0 = System.nanoTime();
    // one model per executor, run by its model thread with all the executor's cores (see ExecutorModel)
    int modelThreads = TaskThreads.executorShare(nativeThreads);
    String modelKey = modelKey(checkpoint);
    ExecutorModel.Load load = () -> loader.load(checkpoint.value());
    List<Path> files = frameFiles.stream().map(Path::new).toList();
    FrameRow[] frames = FrameRangeReader.read(conf, files, plan.firstFrame(), plan.frameCount());
    for (FrameRow f : frames) {
      if (f.height() != height || f.width() != width || f.channels() != 3) {
        throw new IOException("frame " + f.frameIndex() + " is " + f.height() + "x" + f.width() + "x"
            + f.channels() + ", the film's registry says " + height + "x" + width + "x3");
      }
    }
    double readSeconds = (System.nanoTime() - t0) / 1e9;
    long firstPts = frames[0].ptsUs();

    FrameTensorCodec codec = new FrameTensorCodec(height, width, 3);
    int frameBytes = codec.frameBytes();
    java.nio.file.Path localVideo = writeVideo ? ProcessScratch.newFile(plan.name() + "-", ".mp4") : null;
    Path latentsFinal = latentsFile(stagingPath, plan);
    Path latentsTmp = new Path(latentsFinal.getParent(), "." + latentsFinal.getName() + ".attempt-" + attempt);
    List<FrameQuality> quality = new ArrayList<>(plan.frameCount());
    MeanFrame mean = meanFrame.value();
    double modelSeconds = 0;
    long writeNanos = 0;
    try (SegmentVideoWriter video = writeVideo ? new SegmentVideoWriter(localVideo, sideBySide ? 2 * width : width,
             height, rateNum, rateDen, VideoCodec.of(settings.codec()), settings.bitsPerPixel()) : null;
         LatentsWriter latents = writeLatents ? new LatentsWriter(latentsTmp, conf) : null) {
      int batch = settings.batchSize();
      for (int from = 0; from < frames.length; from += batch) {
        int n = Math.min(batch, frames.length - from);
        List<byte[]> pixels = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
          pixels.add(frames[from + k].pixels());
        }
        long m0 = System.nanoTime();
        BatchReconstructor.Output output = ExecutorModel.run(modelKey, load, modelThreads, pixels);
        float[] latentData = output.latents();
        float[] frameData = output.pixels();
        modelSeconds += (System.nanoTime() - m0) / 1e9;
        if (frameData.length != n * frameBytes) {
          throw new IOException("the model decoded " + frameData.length + " values for " + n + " frames of "
              + height + "x" + width + "x3");
        }
        int latent = latentData.length / n;
        long w0 = System.nanoTime();
        for (int k = 0; k < n; k++) {
          FrameRow original = frames[from + k];
          byte[] rec = new byte[frameBytes];
          codec.fromChw(frameData, k * frameBytes, rec);
          FrameQuality q = FrameQuality.measure(original.frameIndex(), original.pixels(), rec, mean, height, width,
              3);
          quality.add(q);
          if (latents != null) {
            latents.write(original.frameIndex(), Arrays.copyOfRange(latentData, k * latent, (k + 1) * latent));
          }
          if (video != null) {
            video.write(sideBySide ? SegmentVideoWriter.sideBySide(original.pixels(), rec, height, width) : rec);
          }
        }
        writeNanos += System.nanoTime() - w0;
        Arrays.fill(frames, from, from + n, null); // written: let them go, so a segment is held once, not twice
        if (framesDone != null) {
          framesDone.add(n);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the local file first: deleting in the store can itself fail (the store's filesystem went away)
      if (localVideo != null) {
        Files.deleteIfExists(localVideo);
      }
      try {
        fs.delete(latentsTmp, false);
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    long p0 = System.nanoTime();
    try {
      if (writeLatents) {
        StoreFileSystem.replace(fs, latentsTmp, latentsFinal);
      }
      if (writeVideo) {
        Path segmentFinal = segmentFile(stagingPath, plan);
        Path segmentTmp = new Path(segmentFinal.getParent(), "." + segmentFinal.getName() + ".attempt-" + attempt);
        fs.copyFromLocalFile(true, true, new Path(localVideo.toUri()), segmentTmp);
        StoreFileSystem.replace(fs, segmentTmp, segmentFinal);
      }
    } finally {
      if (localVideo != null) {
        Files.deleteIfExists(localVideo);
      }
    }
    writeNanos += System.nanoTime() - p0;
    return new SegmentResult(plan, firstPts, quality, readSeconds, modelSeconds, writeNanos / 1e9);
  }
}
