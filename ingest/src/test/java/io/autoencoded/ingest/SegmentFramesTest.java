package io.autoencoded.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.config.FrameSettings.Fit;
import io.autoencoded.job.store.FrameRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Segment decoding without Spark: planned segments put together equal the whole-film decode; a wrong plan fails. */
class SegmentFramesTest {
  static final Path CLIP = IngestFileStoreTest.BUNDLED;

  static List<FrameRow> decode(FilmScan scan, Segment segment, FitGeometry g) {
    return decode(CLIP, scan, segment, g, ScalingFilter.BILINEAR, new long[1]);
  }

  /** The segment's frames; {@code skipped[0]} gets how many frames were decoded before its first. */
  static List<FrameRow> decode(Path film, FilmScan scan, Segment segment, FitGeometry g, ScalingFilter filter,
      long[] skipped) {
    List<FrameRow> rows = new ArrayList<>();
    try (SegmentFrames frames = new SegmentFrames(film, "film", segment, StreamClock.of(scan), g, filter, 1)) {
      frames.forEachRemaining(rows::add);
      skipped[0] = frames.skipped();
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

  /**
   * With B-frames a keyframe is decoded before it is shown. Seeking to its decode time made the MP4 and
   * Matroska demuxers back off to the previous keyframe, and every segment decoded a group of pictures for
   * nothing (8.6 % of a long 720p film): a segment's task now lands on its keyframe itself there, and on the
   * keyframe or before it in every container.
   */
  @ParameterizedTest
  @CsvSource({"mp4, 0", "mov, 0", "matroska, 0", "mpegts, -1"})
  void aSegmentsDecodeStartsAtItsOwnKeyframe(String format, int expectedSkipped, @TempDir Path dir)
      throws Exception {
    Path film = TestFilms.make(dir, "b-frames." + format, new TestFilms.Spec(format, AV_CODEC_ID_MPEG4, 96, 64,
        25, 72, 12, 2, false));
    FilmScan scan = FilmScanner.scan(film, "film");
    FitGeometry g = FitGeometry.of(scan.sourceWidth(), scan.sourceHeight(), 1, 1, 96, 64, Fit.CROP);
    List<FrameRow> whole = decode(film, scan, Segment.wholeFilm(), g, ScalingFilter.BILINEAR, new long[1]);
    assertEquals(72, whole.size());
    SegmentPlan plan = new SegmentPlanner(12).plan(scan.pts(), scan.dts(), scan.key());
    assertTrue(plan.segments().size() >= 5, format + ": " + plan.segments().size() + " segments");
    List<FrameRow> pieces = new ArrayList<>();
    for (Segment segment : plan.segments()) {
      long[] skipped = new long[1];
      pieces.addAll(decode(film, scan, segment, g, ScalingFilter.BILINEAR, skipped));
      if (expectedSkipped >= 0) {
        assertEquals(expectedSkipped, skipped[0], format + " segment " + segment.index());
      }
    }
    assertEquals(whole, pieces, format);
  }

  @Test
  void framesEqualAnIndependentDecodeWithAndWithoutCroppingByEveryFilter() throws Exception {
    FilmScan scan = FilmScanner.scan(CLIP, "clip");
    // 720x405 -> 128x72 is an exact fit (the decoder's copy-free path); 64x32 crops the scaled picture
    for (int[] size : new int[][] {{128, 72}, {64, 32}}) {
      FitGeometry g = FitGeometry.of(scan.sourceWidth(), scan.sourceHeight(), scan.sarNum(), scan.sarDen(),
          size[0], size[1], Fit.CROP);
      Set<List<String>> byFilter = new HashSet<>();
      for (ScalingFilter filter : ScalingFilter.values()) {
        List<String> stored = new ArrayList<>();
        for (FrameRow f : decode(CLIP, scan, Segment.wholeFilm(), g, filter, new long[1])) {
          stored.add(ReferenceDecoder.digest(f.pixels()));
        }
        assertEquals(ReferenceDecoder.frameDigests(CLIP, g, filter), stored, size[0] + "x" + size[1] + " " + filter);
        byFilter.add(stored);
      }
      assertEquals(ScalingFilter.values().length, byFilter.size(), "every filter gives other pixels");
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
