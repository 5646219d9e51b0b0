package io.autoencoded.reconstruct;

import io.autoencoded.job.scratch.ProcessScratch;
import io.autoencoded.job.spark.TaskThreads;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.tensor.FrameTensorCodec;
import io.autoencoded.reconstruct.latent.LatentPath;
import io.autoencoded.reconstruct.model.ExecutorModel;
import io.autoencoded.reconstruct.model.ModelLoader;
import io.autoencoded.reconstruct.plan.SegmentPlan;
import io.autoencoded.reconstruct.video.SegmentVideoWriter;
import io.autoencoded.reconstruct.video.VideoCodec;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;

/**
 * One task of a video decoded from latent codes (a walk, a dream), on an executor: computes the codes of its range
 * of frames from the path, decodes them in batches with the executor's one model ({@link ExecutorModel}) and writes
 * them as one video segment into the staging directory, under a name unique to the attempt and renamed at the end, as
 * {@link SegmentTask} does for a reconstruction: a retried attempt replaces the segment whole.
 */
final class LatentSegmentTask implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, String> hadoopConf;
  private final String staging;
  private final Broadcast<byte[]> checkpoint;
  private final Broadcast<LatentPath> path;
  private final ModelLoader loader;
  private final int height;
  private final int width;
  private final int rateNum;
  private final int rateDen;
  private final ReconstructSettings settings;
  private final int nativeThreads;
  private final LongAccumulator framesDone;

  LatentSegmentTask(Map<String, String> hadoopConf, String staging, Broadcast<byte[]> checkpoint,
      Broadcast<LatentPath> path, ModelLoader loader, int height, int width, int rateNum, int rateDen,
      ReconstructSettings settings, int nativeThreads, LongAccumulator framesDone) {
    this.hadoopConf = hadoopConf;
    this.staging = staging;
    this.checkpoint = checkpoint;
    this.path = path;
    this.loader = loader;
    this.height = height;
    this.width = width;
    this.rateNum = rateNum;
    this.rateDen = rateDen;
    this.settings = settings;
    this.nativeThreads = nativeThreads;
    this.framesDone = framesDone;
  }

  SegmentPlan run(SegmentPlan plan) throws IOException {
    TaskContext task = TaskContext.get();
    String attempt = task == null ? "driver" : Long.toString(task.taskAttemptId());
    Configuration conf = new Configuration(false);
    hadoopConf.forEach(conf::set);
    Path stagingPath = new Path(staging);
    FileSystem fs = stagingPath.getFileSystem(conf);
    int modelThreads = TaskThreads.executorShare(nativeThreads);
    String modelKey = SegmentTask.modelKey(checkpoint);
    ExecutorModel.Load load = () -> loader.load(checkpoint.value());
    LatentPath codes = path.value();
    FrameTensorCodec codec = new FrameTensorCodec(height, width, 3);
    java.nio.file.Path local = ProcessScratch.newFile(plan.name() + "-", ".mp4");
    try {
      try (SegmentVideoWriter video = new SegmentVideoWriter(local, width, height, rateNum, rateDen,
          VideoCodec.of(settings.codec()), settings.bitsPerPixel())) {
        for (int from = 0; from < plan.frameCount(); from += settings.batchSize()) {
          int n = Math.min(settings.batchSize(), plan.frameCount() - from);
          float[] pixels = ExecutorModel.decode(modelKey, load, modelThreads, codes.codes(plan.firstFrame() + from, n),
              n);
          if (pixels.length != n * codec.frameBytes()) {
            throw new IOException("the model decoded " + pixels.length + " values for " + n + " frames of "
                + height + "x" + width + "x3");
          }
          for (int k = 0; k < n; k++) {
            byte[] rgb = new byte[codec.frameBytes()];
            codec.fromChw(pixels, k * codec.frameBytes(), rgb);
            video.write(rgb);
          }
          if (framesDone != null) {
            framesDone.add(n);
          }
        }
      }
      Path segmentFinal = SegmentTask.segmentFile(stagingPath, plan);
      Path segmentTmp = new Path(segmentFinal.getParent(), "." + segmentFinal.getName() + ".attempt-" + attempt);
      fs.copyFromLocalFile(true, true, new Path(local.toUri()), segmentTmp);
      StoreFileSystem.replace(fs, segmentTmp, segmentFinal);
      return plan;
    } finally {
      Files.deleteIfExists(local);
    }
  }
}
