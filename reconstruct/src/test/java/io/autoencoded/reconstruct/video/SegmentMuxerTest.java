package io.autoencoded.reconstruct.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

public class SegmentMuxerTest {
  static final int H = 64;
  static final int W = 112;

  /** Frame i: a bright square moving 4 px a frame over a gradient whose brightness depends on i. */
  public static byte[] frame(int i) {
    byte[] rgb = new byte[H * W * 3];
    int sx = (i * 4) % (W - 16);
    int sy = (i * 3) % (H - 16);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        boolean square = x >= sx && x < sx + 16 && y >= sy && y < sy + 16;
        int p = (y * W + x) * 3;
        rgb[p] = (byte) (square ? 250 : (x * 2 + i * 5) % 200);
        rgb[p + 1] = (byte) (square ? 240 : (y * 3 + i * 11) % 200);
        rgb[p + 2] = (byte) (square ? 30 : (i * 37) % 200);
      }
    }
    return rgb;
  }

  private static List<SegmentMuxer.Segment> writeSegments(Path dir, int[] lengths, VideoCodec codec, int num,
      int den) throws IOException {
    List<SegmentMuxer.Segment> segments = new ArrayList<>();
    int next = 0;
    for (int s = 0; s < lengths.length; s++) {
      Path file = dir.resolve("seg-" + s + ".mp4");
      try (SegmentVideoWriter w = new SegmentVideoWriter(file, W, H, num, den, codec, 1.0)) {
        for (int k = 0; k < lengths[s]; k++) {
          w.write(frame(next++));
        }
      }
      segments.add(new SegmentMuxer.Segment(file, lengths[s]));
    }
    return segments;
  }

  @ParameterizedTest
  @EnumSource(VideoCodec.class)
  void joinsSegmentsInOrderWithEveryFrameAtTheFilmsRate(VideoCodec codec, @TempDir Path dir) throws Exception {
    int[] lengths = {7, 5, 9};
    List<SegmentMuxer.Segment> segments = writeSegments(dir, lengths, codec, 24000, 1001);
    Path out = dir.resolve("film.mp4");
    SegmentMuxer.Result r = SegmentMuxer.mux(segments, 24000, 1001, Optional.empty(), out, w -> { });
    assertEquals(21, r.frames());
    DecodedVideo v = DecodedVideo.read(out);
    assertEquals(21, v.frames().size());
    assertEquals(24000.0 / 1001, v.frameRate(), 1e-3);
    assertEquals(W, v.width());
    List<byte[]> originals = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      originals.add(frame(i));
    }
    for (int i = 0; i < 21; i++) {
      assertEquals(i, DecodedVideo.closest(v.frames().get(i), originals), "frame " + i + " in place");
      assertEquals(Math.round(i * 1001 * 1e6 / 24000), v.timestampsUs().get(i), 1000.0, "pts of frame " + i);
    }
    assertEquals(21 * 1001 * 1e6 / 24000, v.lengthUs(), 2000);
  }

  @Test
  void keepsTheSoundtrackAlignedToTheFirstFrame(@TempDir Path dir) throws Exception {
    List<SegmentMuxer.Segment> segments = writeSegments(dir, new int[] {10, 15}, VideoCodec.H264, 25, 1);
    Path audio = dir.resolve("audio.mka");
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(audio.toFile(), 0, 0, 1)) {
      rec.setFormat("matroska");
      rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
      rec.setSampleRate(44100);
      rec.setAudioChannels(1);
      rec.start();
      short[] samples = new short[44100 * 2];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = (short) (8000 * Math.sin(i * 2 * Math.PI * 440 / 44100));
      }
      rec.recordSamples(44100, 1, ShortBuffer.wrap(samples));
    }
    Path out = dir.resolve("film.mp4");
    SegmentMuxer.Result r = SegmentMuxer.mux(segments, 25, 1, Optional.of(new SegmentMuxer.Audio(audio, 200_000)),
        out, w -> { });
    assertTrue(r.audioKept());
    assertTrue(r.audioPackets() > 20, "about a second of audio: " + r.audioPackets());
    DecodedVideo v = DecodedVideo.read(out);
    assertEquals(25, v.frames().size());
    assertEquals(1, v.audioChannels());
  }

  @Test
  void refusesASegmentWithTheWrongFrameCountAndLeavesNothing(@TempDir Path dir) throws Exception {
    List<SegmentMuxer.Segment> segments = writeSegments(dir, new int[] {4, 4}, VideoCodec.MPEG4, 25, 1);
    List<SegmentMuxer.Segment> wrong = List.of(segments.get(0), new SegmentMuxer.Segment(segments.get(1).file(), 5));
    Path out = dir.resolve("film.mp4");
    IOException e = assertThrows(IOException.class, () -> SegmentMuxer.mux(wrong, 25, 1, Optional.empty(), out, w -> { }));
    assertTrue(e.getMessage().contains("holds 4 frames"), e.getMessage());
  }

  @Test
  void bothCodecsAreAvailableInTheDefaultFfmpegBuild() {
    assertTrue(VideoCodec.H264.available());
    assertTrue(VideoCodec.MPEG4.available());
  }

  @Test
  void sideBySidePutsTheOriginalLeft() {
    byte[] left = frame(0);
    byte[] right = frame(5);
    byte[] both = SegmentVideoWriter.sideBySide(left, right, H, W);
    assertEquals(2 * H * W * 3, both.length);
    assertEquals(left[(3 * W + 2) * 3], both[(3 * 2 * W + 2) * 3]);
    assertEquals(right[(3 * W + 2) * 3], both[(3 * 2 * W + W + 2) * 3]);
  }
}
