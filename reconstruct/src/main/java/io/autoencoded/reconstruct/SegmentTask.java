package io.autoencoded.reconstruct;

import io.autoencoded.job.scratch.ProcessScratch;
import io.autoencoded.job.spark.TaskThreads;
import io.autoencoded.job.store.FilmShots;
import io.autoencoded.job.store.FrameRow;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.tensor.FrameTensorCodec;
import io.autoencoded.reconstruct.model.BatchReconstructor;
import io.autoencoded.reconstruct.model.ExecutorModel;
import io.autoencoded.reconstruct.model.ModelLoader;
import io.autoencoded.reconstruct.plan.SegmentPlan;
import io.autoencoded.reconstruct.quality.FrameQuality;
import io.autoencoded.reconstruct.quality.MeanFrame;
import io.autoencoded.reconstruct.temporal.LatentSmoother;
import io.autoencoded.reconstruct.temporal.PairFlicker;
import io.autoencoded.reconstruct.temporal.WarpingError;
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
 * frame unless the run does not evaluate, and writes the range's latents file and video segment into the staging
 * directory, then its figures ({@link FinishedSegments}), which mark it finished for a run that resumes. Each is
 * written under a name unique to the task attempt and renamed to the segment's final name, so a retried or
 * speculative attempt replaces a file whole and never adds frames.
 *
 * <p>Neighbours across the segment's edges: the warping error of the pair (first - 1, first) belongs to this
 * segment, so it also reads and reconstructs the frame before its first (when no cut separates them), in a batch of
 * its own so that its own frames are batched exactly as without it. With temporal smoothing (K &gt; 0) it reads the
 * frames within K of its range in the same shots as well (a halo), encodes them all, smooths the codes of its frames
 * from their full windows and decodes those: each frame's smoothed code is the same whichever segment computes it.
 * Without smoothing its frames are encoded and decoded together, batch by batch, as they always were.
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
  private final FilmShots shots;
  private final int smoothing;
  private final boolean evaluate;

  public SegmentTask(Map<String, String> hadoopConf, List<String> frameFiles, String staging,
      Broadcast<byte[]> checkpoint, Broadcast<MeanFrame> meanFrame, ModelLoader loader, int height, int width,
      int rateNum, int rateDen, ReconstructSettings settings, int nativeThreads, boolean writeVideo,
      boolean sideBySide, boolean writeLatents, LongAccumulator framesDone, FilmShots shots, int smoothing,
      boolean evaluate) {
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
    this.shots = shots;
    this.smoothing = smoothing;
    this.evaluate = evaluate;
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
    LatentSmoother smoother = smoothing > 0 ? new LatentSmoother(smoothing) : null;
    // the pair (first - 1, first) is measured here unless a cut lies between them
    boolean pairBefore = evaluate && plan.firstFrame() > 0
        && shots.sameShot(plan.firstFrame() - 1, plan.firstFrame());
    long decodeFirst = pairBefore ? plan.firstFrame() - 1 : plan.firstFrame();
    long readFirst = smoother == null ? decodeFirst : smoother.window(decodeFirst, shots)[0];
    long readEnd = smoother == null ? plan.endFrame() : smoother.window(plan.endFrame() - 1, shots)[1];
    List<Path> files = frameFiles.stream().map(Path::new).toList();
    FrameRow[] frames = FrameRangeReader.read(conf, files, readFirst, (int) (readEnd - readFirst));
    for (FrameRow f : frames) {
      if (f.height() != height || f.width() != width || f.channels() != 3) {
        throw new IOException("frame " + f.frameIndex() + " is " + f.height() + "x" + f.width() + "x"
            + f.channels() + ", the film's registry says " + height + "x" + width + "x3");
      }
    }
    double readSeconds = (System.nanoTime() - t0) / 1e9;
    int own = (int) (plan.firstFrame() - readFirst); // frames[own] is the segment's first frame
    long firstPts = frames[own].ptsUs();

    FrameTensorCodec codec = new FrameTensorCodec(height, width, 3);
    int frameBytes = codec.frameBytes();
    java.nio.file.Path localVideo = writeVideo ? ProcessScratch.newFile(plan.name() + "-", ".mp4") : null;
    Path latentsFinal = latentsFile(stagingPath, plan);
    Path latentsTmp = new Path(latentsFinal.getParent(), "." + latentsFinal.getName() + ".attempt-" + attempt);
    List<FrameQuality> quality = new ArrayList<>(plan.frameCount());
    List<PairFlicker> flicker = new ArrayList<>(plan.frameCount());
    MeanFrame mean = evaluate ? meanFrame.value() : null;
    double modelSeconds = 0;
    long writeNanos = 0;
    int written = 0;
    try (SegmentVideoWriter video = writeVideo ? new SegmentVideoWriter(localVideo, sideBySide ? 2 * width : width,
             height, rateNum, rateDen, VideoCodec.of(settings.codec()), settings.bitsPerPixel()) : null;
         LatentsWriter latents = writeLatents ? new LatentsWriter(latentsTmp, conf) : null;
         WarpingError warping = evaluate ? new WarpingError(height, width) : null) {
      int batch = settings.batchSize();
      long m0 = System.nanoTime();
      // with smoothing: every frame read is encoded first, then the frames of this segment are decoded from their
      // smoothed codes; the encoder's own codes still go to the latents table
      float[] codes = smoother == null ? null : encode(frames, modelKey, load, modelThreads, batch);
      int latent = codes == null ? 0 : codes.length / frames.length;
      float[] smoothed = smoother == null ? null
          : smoother.smooth(codes, latent, readFirst, decodeFirst, plan.endFrame(), shots);
      modelSeconds += (System.nanoTime() - m0) / 1e9;
      byte[] previousOriginal = null;
      byte[] previousReconstruction = null;
      byte[] firstReconstruction = null;
      for (int from = 0; from < plan.frameCount(); from += batch) {
        int n = Math.min(batch, plan.frameCount() - from);
        m0 = System.nanoTime();
        float[] latentData;
        float[] frameData;
        if (smoother == null) {
          List<byte[]> pixels = new ArrayList<>(n);
          for (int k = 0; k < n; k++) {
            pixels.add(frames[own + from + k].pixels());
          }
          BatchReconstructor.Output output = ExecutorModel.run(modelKey, load, modelThreads, pixels);
          latentData = output.latents();
          frameData = output.pixels();
        } else {
          latentData = Arrays.copyOfRange(codes, (own + from) * latent, (own + from + n) * latent);
          int row = (int) (plan.firstFrame() - decodeFirst) + from;
          frameData = ExecutorModel.decode(modelKey, load, modelThreads,
              Arrays.copyOfRange(smoothed, row * latent, (row + n) * latent), n);
        }
        modelSeconds += (System.nanoTime() - m0) / 1e9;
        if (frameData.length != n * frameBytes) {
          throw new IOException("the model decoded " + frameData.length + " values for " + n + " frames of "
              + height + "x" + width + "x3");
        }
        latent = latentData.length / n;
        long w0 = System.nanoTime();
        for (int k = 0; k < n; k++) {
          FrameRow original = frames[own + from + k];
          byte[] rec = new byte[frameBytes];
          codec.fromChw(frameData, k * frameBytes, rec);
          if (evaluate) {
            quality.add(FrameQuality.measure(original.frameIndex(), original.pixels(), rec, mean, height, width, 3));
            firstReconstruction = firstReconstruction == null ? rec : firstReconstruction;
            if (previousReconstruction != null
                && shots.sameShot(original.frameIndex() - 1, original.frameIndex())) {
              flicker.add(warping.measure(original.frameIndex(), previousOriginal, original.pixels(),
                  previousReconstruction, rec));
            }
          }
          previousOriginal = original.pixels();
          previousReconstruction = rec;
          if (latents != null) {
            latents.write(original.frameIndex(), Arrays.copyOfRange(latentData, k * latent, (k + 1) * latent));
          }
          if (video != null) {
            video.write(sideBySide ? SegmentVideoWriter.sideBySide(original.pixels(), rec, height, width) : rec);
          }
          written++;
        }
        writeNanos += System.nanoTime() - w0;
        // written: let them go, so a segment is held once, not twice (the first stays for the pair before it)
        Arrays.fill(frames, Math.max(own + 1, own + from), own + from + n, null);
        if (framesDone != null) {
          framesDone.add(n);
        }
      }
      if (pairBefore) {
        // last, after the segment's own batches, which are then batched and run exactly as without it
        m0 = System.nanoTime();
        FrameRow before = frames[own - 1];
        float[] decoded = smoother == null
            ? ExecutorModel.run(modelKey, load, modelThreads, List.of(before.pixels())).pixels()
            : ExecutorModel.decode(modelKey, load, modelThreads, Arrays.copyOfRange(smoothed, 0, latent), 1);
        modelSeconds += (System.nanoTime() - m0) / 1e9;
        byte[] rec = new byte[frameBytes];
        codec.fromChw(decoded, 0, rec);
        flicker.add(0, warping.measure(plan.firstFrame(), before.pixels(), frames[own].pixels(), rec,
            firstReconstruction));
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
    SegmentResult result = new SegmentResult(plan, firstPts, written, quality, flicker, readSeconds,
        modelSeconds, writeNanos / 1e9);
    FinishedSegments.write(fs, stagingPath, result, attempt); // last: it marks the segment finished
    return result;
  }

  /** The encoder's codes of every frame read, row-major, in batches of {@code batch}. */
  private static float[] encode(FrameRow[] frames, String modelKey, ExecutorModel.Load load, int threads, int batch)
      throws IOException {
    float[][] parts = new float[(frames.length + batch - 1) / batch][];
    int total = 0;
    for (int from = 0, i = 0; from < frames.length; from += batch, i++) {
      int n = Math.min(batch, frames.length - from);
      List<byte[]> pixels = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        pixels.add(frames[from + k].pixels());
      }
      parts[i] = ExecutorModel.encode(modelKey, load, threads, pixels);
      total += parts[i].length;
    }
    float[] codes = new float[total];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, codes, at, part.length);
      at += part.length;
    }
    return codes;
  }
}
