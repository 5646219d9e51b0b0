package io.autoencoded.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.report.Evaluation;
import io.autoencoded.job.report.RunReport;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.testing.MiniHdfs;
import io.autoencoded.job.train.LossPoint;
import io.autoencoded.job.train.RoundLosses;
import io.autoencoded.job.train.SampleGrid;
import io.autoencoded.job.train.TrainPosition;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code films} on an HDFS store (MiniDFSCluster): it lists each run's report, and {@code films --report RUN --out
 * DIR} copies the report with everything it links, so that the page is whole outside the store.
 */
class FilmsReportTest {
  private static final Pattern LINK = Pattern.compile("(?:src|href)=\"([^\"]+)\"");

  @TempDir Path dir;

  @Test
  void listsTheReportsAndCopiesOneOutOfHdfsWithEverythingItLinks() throws Exception {
    try (MiniHdfs hdfs = MiniHdfs.start()) {
      String store = hdfs.store("store");
      StoreLayout layout = new StoreLayout(store);
      FileSystem fs = FileSystem.get(URI.create(store), hdfs.configuration());
      new FilmRegistry(layout, hdfs.configuration()).put(new FilmRecord("clip", "clip.mp4", "00", 1, 24, 25, 1,
          960_000, 64, 32, 64, 32, "h264", false, 0, "2026-01-01T00:00:00Z"));
      // what training leaves: a checkpoint with its position, and the report it published
      RoundLosses last = new RoundLosses(0.01, 0.2, 1.3, 0.05, 1, 0, 0);
      List<LossPoint> history = List.of(
          new LossPoint(0, 1, 8, 0.02, 0.4, 1.4, 0.09, 2, 0, 1, 1e-3, 1.5, 0, false),
          new LossPoint(0, 2, 16, 0.015, 0.3, 1.35, 0.07, 2, 1, 0, 1e-3, 1.2, 0, false),
          new LossPoint(1, 1, 24, 0.01, 0.2, 1.3, 0.05, 2, 1, 0, 5e-4, 1.3, 1, true));
      TrainPosition position = new TrainPosition("run-abc", List.of("clip"), 1, 1, 3, 24, 5e-4, 1, last, history,
          "2026-01-01T00:00:00Z");
      org.apache.hadoop.fs.Path checkpoint = new org.apache.hadoop.fs.Path(layout.model("run-abc"),
          "epoch-0001-round-000001");
      write(fs, new org.apache.hadoop.fs.Path(checkpoint, "checkpoint.bin"), new byte[] {1});
      write(fs, new org.apache.hadoop.fs.Path(checkpoint, "position.json"),
          new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(position));
      byte[] frame = new byte[32 * 64 * 3];
      RunReport report = new RunReport(fs, layout, System.err);
      report.publish(new TrainPosition("run-abc", List.of("clip"), 1, 0, 2, 16, 1e-3, 0, last, history.subList(0, 2),
          "2026-01-01T00:00:00Z"), "train { epochs = 2 }", SampleGrid.png(List.of(frame), List.of(frame),
          List.of(frame), 32, 64));
      report.publish(position, "train { epochs = 2 }", null);
      // what evaluate leaves: its report with quality.json naming the run, then the run's page redrawn
      org.apache.hadoop.fs.Path quality = layout.qualityReport("clip");
      write(fs, new org.apache.hadoop.fs.Path(quality, "report.html"),
          "<a href=\"../../../models/run-abc/report.html\">training</a>".getBytes(StandardCharsets.UTF_8));
      write(fs, new org.apache.hadoop.fs.Path(quality, Evaluation.FILE), Evaluation.of("clip",
          fs.makeQualified(new org.apache.hadoop.fs.Path(checkpoint, "checkpoint.bin")).toString(), "run-abc",
          "2026-01-02T00:00:00Z", 24, 21.5, 0.71, 17.0, 0.6, 0.8).toJson());
      assertTrue(report.refresh("run-abc").isPresent());

      CommandLines.Outcome listed = CommandLines.run(List.of("films", "--store", store));
      assertEquals(0, listed.status(), listed.err());
      assertTrue(listed.out().lines().anyMatch(l -> l.startsWith("run-abc") && l.endsWith(
          fs.makeQualified(layout.runReport("run-abc")).toString())), listed.out());

      Path out = dir.resolve("copy");
      CommandLines.Outcome copied = CommandLines.run(List.of("films", "--store", store, "--report", "run-abc",
          "--out", out.toString()));
      assertEquals(0, copied.status(), copied.err());
      Path page = out.resolve("models/run-abc/report.html");
      assertTrue(copied.out().strip().endsWith(page.toString()), copied.out());
      assertArrayEquals(read(fs, layout.runReport("run-abc")), Files.readAllBytes(page), "the page as stored");
      String html = Files.readString(page);
      assertTrue(html.contains("data-field=\"evaluation.clip.psnr\" data-value=\"21.5\""), html);
      List<String> links = new ArrayList<>();
      Matcher m = LINK.matcher(html);
      while (m.find()) {
        links.add(m.group(1));
      }
      assertTrue(links.contains("report/samples-epoch-0001.png") && links.contains("report/losses.png"),
          links.toString());
      for (String link : links) {
        Path target = page.getParent().resolve(link).normalize();
        assertTrue(Files.isRegularFile(target) && Files.size(target) > 0, link + " is not in the copy");
      }
      // and back: the quality report's link to the training report works in the copy too
      Path qualityPage = out.resolve("reconstructions/clip/report/report.html");
      assertTrue(Files.isRegularFile(qualityPage.getParent().resolve("../../../models/run-abc/report.html")
          .normalize()));

      CommandLines.Outcome unknown = CommandLines.run(List.of("films", "--store", store, "--report", "run-nope",
          "--out", out.toString()));
      assertNotEquals(0, unknown.status());
      assertTrue(unknown.lastErrLine().startsWith("There is no training run 'run-nope'"), unknown.lastErrLine());
      CommandLines.Outcome noOut = CommandLines.run(List.of("films", "--store", store, "--report", "run-abc"));
      assertNotEquals(0, noOut.status());
      assertEquals("'films --report' needs --out DIR: the directory to copy the report into.", noOut.lastErrLine());
    }
  }

  private static void write(FileSystem fs, org.apache.hadoop.fs.Path path, byte[] bytes) throws Exception {
    try (OutputStream o = fs.create(path, true)) {
      o.write(bytes);
    }
  }

  private static byte[] read(FileSystem fs, org.apache.hadoop.fs.Path path) throws Exception {
    try (InputStream in = fs.open(path)) {
      return in.readAllBytes();
    }
  }
}
