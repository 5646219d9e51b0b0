package io.autoencoded.ingest;

import io.autoencoded.job.store.FrameRow;
import io.autoencoded.job.store.FrameSchema;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Diagnostic, not a test: how the frame store's Parquet codecs compare on real frames. Reads up to N frames of
 * an ingested film, then writes them with each codec through the ingest's own {@link FrameFiles} and prints the
 * CPU seconds of the writing thread (Parquet encoding + compression + file system), and the bytes stored.
 *
 * <pre>java -cp ingest/target/test-classes:ingest/target/classes:$(cat deploy/target/local-classpath.txt) \
 *     io.autoencoded.ingest.FrameCodecComparison STORE/frames/film_id=ID [FRAMES] [REPEATS]</pre>
 */
public final class FrameCodecComparison {
  public static void main(String[] args) throws Exception {
    Path dir = new Path(args[0]);
    int limit = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Configuration conf = new Configuration();
    FileSystem fs = dir.getFileSystem(conf);
    List<FrameRow> frames = new ArrayList<>();
    for (FileStatus s : fs.listStatus(dir)) {
      if (!s.getPath().getName().startsWith("part-") || frames.size() >= limit) {
        continue;
      }
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), s.getPath()).withConf(conf)
          .build()) {
        for (Group g; frames.size() < limit && (g = reader.read()) != null; ) {
          frames.add(new FrameRow(g.getLong(FrameSchema.FRAME_INDEX, 0), g.getLong(FrameSchema.PTS_US, 0),
              g.getInteger(FrameSchema.HEIGHT, 0), g.getInteger(FrameSchema.WIDTH, 0),
              g.getInteger(FrameSchema.CHANNELS, 0), g.getBinary(FrameSchema.PIXELS, 0).getBytes()));
        }
      }
    }
    long raw = (long) frames.size() * frames.get(0).pixels().length;
    System.out.printf(Locale.ROOT, "%d frames, %.1f MB raw pixels%n", frames.size(), raw / 1e6);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    Object[][] variants = {
        {CompressionCodecName.ZSTD, 1}, {CompressionCodecName.ZSTD, 3}, {CompressionCodecName.SNAPPY, 1},
        {CompressionCodecName.LZ4_RAW, 1}, {CompressionCodecName.UNCOMPRESSED, 1}};
    java.nio.file.Path out = Files.createTempDirectory("codec-comparison-");
    for (int round = 0; round < repeats; round++) {
      for (Object[] v : variants) {
        CompressionCodecName codec = (CompressionCodecName) v[0];
        int level = (Integer) v[1];
        IngestSettings settings = new IngestSettings(1000, 128, 128, 0, 5, level, codec, ScalingFilter.BILINEAR);
        Path target = new Path(out.toUri().toString(), codec + "-" + level);
        fs.delete(target, true);
        fs.mkdirs(target);
        FrameFiles files = new FrameFiles(target, conf, settings, frames.get(0).pixels().length, "3.5.7");
        long cpu0 = cpu.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        FrameFiles.Writer w = files.open(0, 0, 0);
        int part = 1;
        for (FrameRow f : frames) {
          w.write(f);
          if (w.frames() >= files.recordsPerFile()) {
            w.commit();
            w = files.open(0, part++, 0);
          }
        }
        w.commit();
        double cpuS = (cpu.getCurrentThreadCpuTime() - cpu0) / 1e9;
        double wallS = (System.nanoTime() - wall0) / 1e9;
        long stored = 0;
        for (FileStatus s : fs.listStatus(target)) {
          if (s.getPath().getName().startsWith("part-")) {
            stored += s.getLen();
          }
        }
        System.out.printf(Locale.ROOT, "round %d %-12s level %d: %.2f CPU s (%.2f ms/frame), %.2f s wall, "
                + "%.1f MB stored (%.3f of raw)%n", round, codec, level, cpuS, 1000 * cpuS / frames.size(), wallS,
            stored / 1e6, stored / (double) raw);
        fs.delete(target, true);
      }
    }
    fs.delete(new Path(out.toUri().toString()), true);
  }
}
