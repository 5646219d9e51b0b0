package io.autoencoded.reconstruct;

import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.FrameRow;
import io.autoencoded.job.store.FrameSchema;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.reconstruct.video.SegmentMuxerTest;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Builds a frame store the way ingest leaves it (Parquet in exactly FrameSchema, a registry entry, the
 * soundtrack as .mka) without depending on the ingest module, plus checkpoints in models/.
 */
final class TestFilms {
  static final int H = 64;
  static final int W = 112;

  private TestFilms() {}

  /** Generated frames (a square moving over a changing gradient: every frame distinct). */
  static List<byte[]> generated(int frames) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      out.add(SegmentMuxerTest.frame(i));
    }
    return out;
  }

  /** The first {@code frames} frames of the bundled CC0 clip, scaled to 112x64 by swscale. */
  static List<byte[]> city(int frames) throws Exception {
    Path clip = Path.of("../deploy/demo/cityCC0.mpg");
    List<byte[]> out = new ArrayList<>();
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toFile())) {
      g.setImageWidth(W);
      g.setImageHeight(H);
      g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
      g.start();
      for (Frame f = g.grabImage(); f != null && out.size() < frames; f = g.grabImage()) {
        ByteBuffer buf = (ByteBuffer) f.image[0];
        byte[] rgb = new byte[H * W * 3];
        for (int y = 0; y < H; y++) {
          buf.position(y * f.imageStride);
          buf.get(rgb, y * W * 3, W * 3);
        }
        out.add(rgb);
      }
    }
    return out;
  }

  /** Frames with known hard cuts: {@code cuts} holds the first frame of every shot but the first. */
  record ShotFilm(List<byte[]> frames, long[] cuts) {}

  /**
   * 21 shots (425 frames) from FFmpeg's test sources (lavfi, through JavaCV), cut hard one into the next: moving
   * patterns, a fractal zoom, cellular automata, still colour bars, and cuts between the same source hue-shifted or
   * restarted. Inside the shots, what a cut detector must not mistake for a cut: a fast pan (9 pixels a frame), a
   * one-frame white flash, a fade out and a fade in.
   */
  static ShotFilm withCuts() throws Exception {
    String s = "size=" + W + "x" + H + ":rate=25";
    String[][] shots = {
        {"testsrc2=" + s, "30"},
        {"mandelbrot=" + s, "25"},
        {"testsrc2=size=448x256:rate=25,crop=112:64:x=mod(n*9\\,336):y=96", "30"}, // fast pan
        {"life=" + s + ":mold=10:ratio=0.3:seed=1:life_color=#00ff00:death_color=#202020:mold_color=#ff8000,"
            + "trim=start_frame=3", "20"}, // from the third generation: the first is noise
        {"testsrc2=" + s + ",hue=h=120", "15"}, // the same source as two shots back, hue-shifted
        {"testsrc2=" + s + ",hue=h=240", "12"},
        {"cellauto=" + s + ":rule=110", "18"},
        {"smptebars=" + s, "10"},
        {"testsrc=" + s, "22"},
        {"mandelbrot=" + s + ":start_scale=0.5:start_x=-0.75", "25"},
        {"mandelbrot=" + s, "20"},
        {"testsrc2=" + s + ",drawbox=x=0:y=0:w=112:h=64:t=fill:c=white:enable=eq(n\\,9)", "20"}, // a flash
        {"testsrc2=" + s + ",fade=t=out:st=0.4:d=0.6", "25"}, // restarts the source; fades out
        {"rgbtestsrc=" + s, "8"},
        {"testsrc2=" + s + ",fade=t=in:st=0:d=0.6", "25"}, // fades in
        {"life=" + s + ":seed=7:mold=0,trim=start_frame=3", "16"},
        {"testsrc2=size=224x128:rate=25,crop=112:64:x=mod(n*4\\,112):y=mod(n*3\\,64),hue=s=0", "20"},
        {"yuvtestsrc=" + s, "14"},
        {"testsrc=" + s + ",negate", "20"},
        {"mandelbrot=" + s + ":start_scale=0.1:start_x=-1.2:start_y=0.2", "30"},
        {"cellauto=" + s + ":rule=30:random_fill_ratio=0.5", "20"},
    };
    org.bytedeco.ffmpeg.global.avdevice.avdevice_register_all(); // the lavfi input device
    List<byte[]> frames = new ArrayList<>();
    long[] cuts = new long[shots.length - 1];
    for (int i = 0; i < shots.length; i++) {
      if (i > 0) {
        cuts[i - 1] = frames.size();
      }
      int count = Integer.parseInt(shots[i][1]);
      try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(shots[i][0])) {
        g.setFormat("lavfi");
        g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        g.start();
        int got = 0;
        for (Frame f = g.grabImage(); f != null && got < count; f = g.grabImage(), got++) {
          frames.add(rgb(f));
        }
        if (got != count) {
          throw new IllegalStateException(shots[i][0] + " gave " + got + " frames, not " + count);
        }
      }
    }
    return new ShotFilm(frames, cuts);
  }

  private static byte[] rgb(Frame f) {
    if (f.imageWidth != W || f.imageHeight != H) {
      throw new IllegalStateException("a " + f.imageWidth + "x" + f.imageHeight + " frame, not " + W + "x" + H);
    }
    ByteBuffer buf = (ByteBuffer) f.image[0];
    byte[] rgb = new byte[H * W * 3];
    for (int y = 0; y < H; y++) {
      buf.position(y * f.imageStride);
      buf.get(rgb, y * W * 3, W * 3);
    }
    return rgb;
  }

  /** Writes the frames (in two Parquet files, rows shuffled between them) and the registry entry. */
  static FilmRecord ingest(SparkSession spark, StoreLayout layout, String filmId, List<byte[]> frames, int rateNum,
      int rateDen, long firstPtsUs, boolean audio) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      long pts = firstPtsUs + Math.round(i * 1e6 * rateDen / rateNum);
      rows.add(FrameSchema.toRow(new FrameRow(i, pts, H, W, 3, frames.get(i))));
    }
    java.util.Collections.reverse(rows);
    spark.createDataFrame(rows, FrameSchema.SCHEMA).repartition(2).write().mode("overwrite")
        .parquet(layout.framesOf(filmId).toString());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    if (audio) {
      Path local = Files.createTempFile("audio", ".mka");
      writeTone(local, firstPtsUs, frames.size() * 1e6 * rateDen / rateNum);
      FileSystem fs = layout.rootPath().getFileSystem(hadoop);
      fs.copyFromLocalFile(true, true, new org.apache.hadoop.fs.Path(local.toUri()), layout.audioOf(filmId));
    }
    long duration = Math.round(frames.size() * 1e6 * rateDen / rateNum);
    FilmRecord record = new FilmRecord(filmId, "generated:" + filmId, "0".repeat(64), 0, frames.size(), rateNum,
        rateDen, firstPtsUs + duration, W, H, W, H, "rawvideo", audio, 0, "2026-11-24T00:00:00Z");
    new FilmRegistry(layout, hadoop).put(record);
    return record;
  }

  /** A 440 Hz tone in AAC/Matroska whose clock starts at {@code startUs}, as ingest keeps a soundtrack. */
  private static void writeTone(Path file, long startUs, double durationUs) throws Exception {
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), 0, 0, 1)) {
      rec.setFormat("matroska");
      rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
      rec.setSampleRate(48000);
      rec.setAudioChannels(1);
      rec.start();
      int n = (int) ((startUs + durationUs) / 1e6 * 48000);
      short[] samples = new short[n];
      for (int i = 0; i < n; i++) {
        samples[i] = (short) (6000 * Math.sin(i * 2 * Math.PI * 440 / 48000));
      }
      rec.recordSamples(48000, 1, ShortBuffer.wrap(samples));
    }
  }

  /** Stores a checkpoint as training does: models/RUN/NAME/checkpoint.bin; optionally points LATEST at it. */
  static String putCheckpoint(FileSystem fs, StoreLayout layout, String run, String name, byte[] bytes,
      boolean latest) throws Exception {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(layout.model(run), name);
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(dir, "checkpoint.bin"), true)) {
      out.write(bytes);
    }
    String uri = fs.makeQualified(dir).toString();
    if (latest) {
      try (OutputStream out = fs.create(layout.latestModelPointer(), true)) {
        out.write((uri + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    return uri;
  }
}
