package io.autoencoded.reconstruct.shots;

import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.reconstruct.FrameRangeReader;
import io.autoencoded.reconstruct.plan.SegmentPlan;
import io.autoencoded.reconstruct.plan.SegmentPlanner;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The {@link FrameChange} of every frame of a film but the first, from a Spark pass over its stored frames: one task
 * per range of frames streams them (in file order, one frame in memory at a time) into thumbnails, reading two
 * frames before its range and one after so that the changes at its edges are measured as anywhere else; only the
 * changes, three numbers a frame, reach the driver, which finds the cuts with the whole film in view.
 */
public final class FrameChangePass implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Frames per task at most: their thumbnails (1.7 KB each) are what a task holds. */
  private static final int FRAMES_PER_TASK = 20_000;

  private final Map<String, String> hadoopConf;
  private final List<String> frameFiles;
  private final long frameCount;
  private final int height;
  private final int width;

  private FrameChangePass(Map<String, String> hadoopConf, List<String> frameFiles, FilmRecord film) {
    this.hadoopConf = hadoopConf;
    this.frameFiles = frameFiles;
    this.frameCount = film.frameCount();
    this.height = film.height();
    this.width = film.width();
  }

  /** The changes of frames 1 .. frameCount-1, in film order. */
  public static List<FrameChange> run(JavaSparkContext jsc, Map<String, String> hadoopConf, List<String> frameFiles,
      FilmRecord film) {
    List<SegmentPlan> ranges = new SegmentPlanner(FRAMES_PER_TASK, Math.max(1, jsc.defaultParallelism()))
        .plan(film.frameCount());
    FrameChangePass pass = new FrameChangePass(hadoopConf, frameFiles, film);
    List<FrameChange> changes = new ArrayList<>(jsc.parallelize(ranges, Math.max(1, ranges.size()))
        .flatMap(r -> pass.changesOf(r).iterator()).collect());
    changes.sort(Comparator.comparingLong(FrameChange::frameIndex));
    if (changes.size() != Math.max(0, film.frameCount() - 1)) {
      throw new IllegalStateException("measured " + changes.size() + " frame changes, expected "
          + Math.max(0, film.frameCount() - 1));
    }
    return changes;
  }

  private List<FrameChange> changesOf(SegmentPlan range) throws IOException {
    Configuration conf = new Configuration(false);
    hadoopConf.forEach(conf::set);
    long first = Math.max(0, range.firstFrame() - 2);
    long end = Math.min(frameCount, range.endFrame() + 1);
    FrameThumbnail[] thumbs = new FrameThumbnail[(int) (end - first)];
    FrameRangeReader.scan(conf, frameFiles.stream().map(Path::new).toList(), first, thumbs.length, f -> {
      if (f.height() != height || f.width() != width || f.channels() != 3) {
        throw new IOException("frame " + f.frameIndex() + " is " + f.height() + "x" + f.width() + "x"
            + f.channels() + ", the film's registry says " + height + "x" + width + "x3");
      }
      thumbs[(int) (f.frameIndex() - first)] = FrameThumbnail.of(f.pixels(), height, width);
    });
    List<FrameChange> changes = new ArrayList<>(range.frameCount());
    for (long t = Math.max(1, range.firstFrame()); t < range.endFrame(); t++) {
      FrameThumbnail previous = thumbs[(int) (t - 1 - first)];
      FrameThumbnail current = thumbs[(int) (t - first)];
      double change = previous.distance(current);
      double after = t + 1 < frameCount ? previous.distance(thumbs[(int) (t + 1 - first)]) : change;
      double before = t >= 2 ? thumbs[(int) (t - 2 - first)].distance(current) : change;
      changes.add(new FrameChange(t, change, Math.min(after, before)));
    }
    return changes;
  }
}
