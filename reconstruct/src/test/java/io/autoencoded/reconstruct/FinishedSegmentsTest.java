package io.autoencoded.reconstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.ResumableWork;
import io.autoencoded.reconstruct.plan.SegmentPlan;
import io.autoencoded.reconstruct.quality.FrameQuality;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a resumed reconstruct reuses of a dead run's staging directory, and when two runs' work is the same. */
class FinishedSegmentsTest {
  @TempDir java.nio.file.Path dir;

  static final List<SegmentPlan> PLANS = List.of(new SegmentPlan(0, 0, 4), new SegmentPlan(1, 4, 4),
      new SegmentPlan(2, 8, 4), new SegmentPlan(3, 12, 2));

  @Test
  void onlySegmentsWithTheirFiguresVideoAndLatentsAreReusedAndHalfWrittenAttemptsGo() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path staging = new Path(dir.toUri());
    for (SegmentPlan plan : PLANS.subList(0, 3)) {
      FinishedSegments.write(fs, staging, result(plan), "7");
      touch(fs, SegmentTask.segmentFile(staging, plan));
      touch(fs, SegmentTask.latentsFile(staging, plan));
    }
    fs.delete(SegmentTask.segmentFile(staging, PLANS.get(1)), false); // killed before its video was in place
    try (OutputStream out = fs.create(FinishedSegments.resultFile(staging, PLANS.get(2)), true)) {
      out.write("cut short".getBytes(StandardCharsets.UTF_8));
    }
    Path attempt = new Path(new Path(staging, SegmentTask.SEGMENTS_DIR), ".seg-000003.mp4.attempt-9");
    touch(fs, attempt);

    Map<Integer, SegmentResult> finished = FinishedSegments.resume(fs, staging, PLANS, true, true);
    assertEquals(Set.of(0), finished.keySet());
    assertEquals(result(PLANS.get(0)), finished.get(0));
    assertFalse(fs.exists(attempt), "a dead attempt's half-written file was kept");
    // without video, segment 1's figures and latents are enough
    assertEquals(Set.of(0, 1), FinishedSegments.resume(fs, staging, PLANS, false, true).keySet());
  }

  @Test
  void theWorkIsTheSameOnlyForTheSameFilmModelEngineSettingsAndPlan() {
    FilmRecord film = film("long", "x");
    ReconstructSettings rs = new ReconstructSettings(8, 240, true, "h264", 0.1, 8, 10, 0);
    ResumableWork w = FinishedSegments.work(film, "ckpt", new byte[] {1, 2}, "ND4J", rs, PLANS, true, false, true, 0, true);
    assertEquals("reconstruct-long", w.family());
    assertEquals(w, FinishedSegments.work(film, "ckpt", new byte[] {1, 2}, "ND4J", rs, PLANS, true, false, true, 0, true));
    // a progress interval or a worst-frames count does not change a segment
    ReconstructSettings other = new ReconstructSettings(rs.batchSize(), rs.framesPerSegment(), rs.fillCores(),
        rs.codec(), rs.bitsPerPixel(), rs.worstFrames() + 1, rs.progressIntervalS() + 1, rs.smoothing());
    assertEquals(w, FinishedSegments.work(film, "ckpt", new byte[] {1, 2}, "ND4J", other, PLANS, true, false, true,
        0, true));
    List<ResumableWork> different = List.of(
        FinishedSegments.work(film("long", "y"), "ckpt", new byte[] {1, 2}, "ND4J", rs, PLANS, true, false, true, 0, true),
        FinishedSegments.work(film, "ckpt", new byte[] {1, 3}, "ND4J", rs, PLANS, true, false, true, 0, true),
        FinishedSegments.work(film, "ckpt", new byte[] {1, 2}, "TORCH", rs, PLANS, true, false, true, 0, true),
        FinishedSegments.work(film, "ckpt", new byte[] {1, 2}, "ND4J", rs.withCodec("mpeg4"), PLANS, true, false,
            true, 0, true),
        FinishedSegments.work(film, "ckpt", new byte[] {1, 2}, "ND4J", rs, PLANS.subList(0, 3), true, false, true,
            0, true),
        FinishedSegments.work(film, "ckpt", new byte[] {1, 2}, "ND4J", rs, PLANS, true, true, true, 0, true),
        FinishedSegments.work(film, "ckpt", new byte[] {1, 2}, "ND4J", rs, PLANS, true, false, true, 3, true),
        FinishedSegments.work(film, "ckpt", new byte[] {1, 2}, "ND4J", rs, PLANS, true, false, true, 0, false));
    for (ResumableWork d : different) {
      assertEquals(w.family(), d.family());
      assertNotEquals(w.fingerprint(), d.fingerprint());
    }
  }

  private static FilmRecord film(String id, String sha) {
    return new FilmRecord(id, "file:/films/" + id + ".mkv", sha, 100, 14, 24, 1, 583_333, 64, 48, 64, 48, "h264",
        false, 0, "2026-12-04T00:00:00Z");
  }

  private static SegmentResult result(SegmentPlan plan) {
    List<FrameQuality> q = new ArrayList<>();
    for (long f = plan.firstFrame(); f < plan.firstFrame() + plan.frameCount(); f++) {
      q.add(new FrameQuality(f, 1, 30, 0.9, 2, 0.8, 5, 4));
    }
    return new SegmentResult(plan, plan.firstFrame() * 41_666, plan.frameCount(), q, List.of(), 0.1, 0.2, 0.3);
  }

  private static void touch(FileSystem fs, Path p) throws Exception {
    fs.create(p, true).close();
  }
}
