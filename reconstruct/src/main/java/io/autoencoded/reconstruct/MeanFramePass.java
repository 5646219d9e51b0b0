package io.autoencoded.reconstruct;

import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.reconstruct.plan.SegmentPlan;
import io.autoencoded.reconstruct.plan.SegmentPlanner;
import io.autoencoded.reconstruct.quality.MeanFrame;
import io.autoencoded.reconstruct.quality.MeanFrameSums;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The film's {@link MeanFrame}, from a Spark pass over its stored frames that runs before the reconstruction, so
 * that every reconstruct task can measure its frames against it as well. One task per core's share of the film
 * streams its frames into per-pixel sums, one frame in memory at a time; the tasks' sums (a frame's worth of
 * longs each, so as many frames' worth as there are cores reach the driver) are merged by a tree reduce.
 */
final class MeanFramePass implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Map<String, String> hadoopConf;
  private final List<String> frameFiles;
  private final int height;
  private final int width;

  private MeanFramePass(Map<String, String> hadoopConf, List<String> frameFiles, int height, int width) {
    this.hadoopConf = hadoopConf;
    this.frameFiles = frameFiles;
    this.height = height;
    this.width = width;
  }

  static MeanFrame run(JavaSparkContext jsc, Map<String, String> hadoopConf, List<String> frameFiles,
      FilmRecord film) {
    List<SegmentPlan> ranges = new SegmentPlanner(Integer.MAX_VALUE, Math.max(1, jsc.defaultParallelism()))
        .plan(film.frameCount());
    MeanFramePass pass = new MeanFramePass(hadoopConf, frameFiles, film.height(), film.width());
    MeanFrameSums sums = jsc.parallelize(ranges, ranges.size()).map(pass::sumsOf).treeReduce(MeanFrameSums::plus);
    if (sums.frames() != film.frameCount()) {
      throw new IllegalStateException("the mean frame averaged " + sums.frames() + " frames, expected "
          + film.frameCount());
    }
    return sums.mean(film.height(), film.width(), 3);
  }

  private MeanFrameSums sumsOf(SegmentPlan range) throws IOException {
    Configuration conf = new Configuration(false);
    hadoopConf.forEach(conf::set);
    MeanFrameSums sums = new MeanFrameSums(height * width * 3);
    FrameRangeReader.scan(conf, frameFiles.stream().map(Path::new).toList(), range.firstFrame(), range.frameCount(),
        f -> {
          if (f.height() != height || f.width() != width || f.channels() != 3) {
            throw new IOException("frame " + f.frameIndex() + " is " + f.height() + "x" + f.width() + "x"
                + f.channels() + ", the film's registry says " + height + "x" + width + "x3");
          }
          sums.add(f.pixels());
        });
    return sums;
  }
}
