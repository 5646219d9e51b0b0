package io.autoencoded.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.config.FrameSettings.Fit;
import io.autoencoded.job.store.FrameRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Segment decoding without Spark: planned segments put together equal the whole-film decode; a wrong plan fails. */
class SegmentFramesTest {
  static final Path CLIP = IngestFileStoreTest.BUNDLED;

  static List<FrameRow> decode(FilmScan scan, Segment segment, FitGeometry g) {
    List<FrameRow> rows = new ArrayList<>();
    try (SegmentFrames frames = new SegmentFrames(CLIP, "clip", segment, StreamClock.of(scan), g, 1)) {
      frames.forEachRemaining(rows::add);
    }
    return rows;
  }

  @Test
  void segmentsDecodedApartEqualOneSequentialDecode() {
    FilmScan scan = FilmScanner.scan(CLIP, "clip");
    FitGeometry g = FitGeometry.of(scan.sourceWidth(), scan.sourceHeight(), scan.sarNum(), scan.sarDen(), 64, 32,
        Fit.LETTERBOX);
    List<FrameRow> whole = decode(scan, Segment.wholeFilm(), g);
    assertEquals(190, whole.size());
    SegmentPlan plan = new SegmentPlanner(30).plan(scan.pts(), scan.dts(), scan.key());
    assertTrue(plan.segments().size() > 3);
    List<FrameRow> pieces = new ArrayList<>();
    // in reverse, to show no segment depends on another having been decoded first
    for (int j = plan.segments().size() - 1; j >= 0; j--) {
      pieces.addAll(0, decode(scan, plan.segments().get(j), g));
    }
    assertEquals(whole, pieces);
  }

  @Test
  void framesEqualAnIndependentDecodeWithAndWithoutCropping() throws Exception {
    FilmScan scan = FilmScanner.scan(CLIP, "clip");
    // 720x405 -> 128x72 is an exact fit (the decoder's copy-free path); 64x32 crops the scaled picture
    for (int[] size : new int[][] {{128, 72}, {64, 32}}) {
      FitGeometry g = FitGeometry.of(scan.sourceWidth(), scan.sourceHeight(), scan.sarNum(), scan.sarDen(),
          size[0], size[1], Fit.CROP);
      List<String> stored = new ArrayList<>();
      for (FrameRow f : decode(scan, Segment.wholeFilm(), g)) {
        stored.add(ReferenceDecoder.digest(f.pixels()));
      }
      assertEquals(ReferenceDecoder.frameDigests(CLIP, g), stored, size[0] + "x" + size[1]);
    }
  }

  @Test
  void aPlanTheDecoderDisagreesWithFails() {
    FilmScan scan = FilmScanner.scan(CLIP, "clip");
    FitGeometry g = FitGeometry.of(scan.sourceWidth(), scan.sourceHeight(), 1, 1, 64, 32, Fit.CROP);
    Segment second = new SegmentPlanner(30).plan(scan.pts(), scan.dts(), scan.key()).segments().get(1);
    Segment wrongCount = new Segment(1, second.startPts(), second.endPts(), second.seekTs(), second.firstFrame(),
        second.frameCount() + 1, second.firstFramePts(), second.lastFramePts(), second.originPts());
    SegmentMismatchException e = assertThrows(SegmentMismatchException.class, () -> decode(scan, wrongCount, g));
    assertTrue(IngestJob.isMismatch(new RuntimeException("wrapped", e)));
    Segment wrongStart = new Segment(1, second.startPts(), second.endPts(), second.seekTs(), second.firstFrame(),
        second.frameCount(), second.firstFramePts() + 1, second.lastFramePts(), second.originPts());
    assertThrows(SegmentMismatchException.class, () -> decode(scan, wrongStart, g));
  }
}
