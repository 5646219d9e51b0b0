package io.autoencoded.reconstruct;

import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.ResumableWork;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.reconstruct.plan.SegmentPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The segments a reconstruct has finished, kept in its staging directory so that the same command after a kill
 * reconstructs only the others. A task writes its segment's figures ({@link SegmentResult}) last, after its video
 * segment and latents file are in place, so the figures are the mark of a finished segment. The staging directory
 * is named by the work's fingerprint: the film as ingested, the model's bytes, the engine, the segment plan and
 * every setting that changes what a segment holds, so a run reuses only segments it would have written itself.
 */
final class FinishedSegments {
  static final String RESULTS_DIR = "results";
  /** Raised whenever what a segment holds, or how its figures are stored, changes. */
  private static final String FORMAT = "segments-1";

  private FinishedSegments() {}

  /** What a reconstruct of {@code film} with these inputs writes: its staging family and fingerprint. */
  static ResumableWork work(FilmRecord film, String checkpoint, byte[] model, String engine, ReconstructSettings rs,
      List<SegmentPlan> plans, boolean video, boolean sideBySide, boolean latents, int smoothing, boolean evaluate) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      // the batch changes the model's arithmetic; the codec and its bit rate the video
      String inputs = String.join("\n", FORMAT, film.toString(), checkpoint, engine, "batch=" + rs.batchSize(),
          "codec=" + rs.codec(), "bits-per-pixel=" + rs.bitsPerPixel(), plans.toString(), "video=" + video,
          "side-by-side=" + sideBySide, "latents=" + latents, "smoothing=" + smoothing, "evaluate=" + evaluate);
      digest.update(inputs.getBytes(StandardCharsets.UTF_8));
      digest.update(model);
      return new ResumableWork("reconstruct-" + film.filmId(), HexFormat.of().formatHex(digest.digest(), 0, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path resultFile(Path staging, SegmentPlan plan) {
    return new Path(new Path(staging, RESULTS_DIR), plan.name() + ".bin");
  }

  /** Marks the segment finished: its figures, written whole under a temporary name and renamed into place. */
  static void write(FileSystem fs, Path staging, SegmentResult result, String attempt) throws IOException {
    Path target = resultFile(staging, result.plan());
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".attempt-" + attempt);
    try (OutputStream out = fs.create(tmp, true); ObjectOutputStream objects = new ObjectOutputStream(out)) {
      objects.writeObject(result);
    }
    StoreFileSystem.replace(fs, tmp, target);
  }

  /**
   * Takes over a dead run's staging directory: removes the files its tasks were still writing (named by their
   * attempt) and returns its finished segments among {@code plans}, by index: those whose figures are there and
   * readable and whose video segment and latents file are there too. Anything else is done again.
   */
  static Map<Integer, SegmentResult> resume(FileSystem fs, Path staging, List<SegmentPlan> plans, boolean video,
      boolean latents) throws IOException {
    // one listing per directory, not an existence check per segment and file (720 segments: ~2,000 calls on HDFS)
    Set<Path> present = new HashSet<>();
    for (String dir : List.of(RESULTS_DIR, SegmentTask.SEGMENTS_DIR, SegmentTask.LATENTS_DIR)) {
      Path p = new Path(staging, dir);
      if (!fs.exists(p)) {
        continue;
      }
      for (FileStatus f : fs.listStatus(p)) {
        if (f.getPath().getName().contains(".attempt-")) {
          fs.delete(f.getPath(), false);
        } else {
          present.add(Path.getPathWithoutSchemeAndAuthority(f.getPath()));
        }
      }
    }
    Map<Integer, SegmentResult> done = new TreeMap<>();
    for (SegmentPlan plan : plans) {
      Path file = resultFile(staging, plan);
      if (!present.contains(Path.getPathWithoutSchemeAndAuthority(file))
          || video && !present.contains(Path.getPathWithoutSchemeAndAuthority(SegmentTask.segmentFile(staging, plan)))
          || latents && !present.contains(Path.getPathWithoutSchemeAndAuthority(
              SegmentTask.latentsFile(staging, plan)))) {
        continue;
      }
      try (InputStream in = fs.open(file); ObjectInputStream objects = new ObjectInputStream(in)) {
        if (objects.readObject() instanceof SegmentResult r && r.plan().equals(plan)
            && r.frames() == plan.frameCount()) {
          done.put(plan.index(), r);
        }
      } catch (ClassNotFoundException | InvalidClassException | java.io.StreamCorruptedException
               | java.io.EOFException e) {
        // written by another version or cut short: the segment is done again
      }
    }
    return done;
  }
}
