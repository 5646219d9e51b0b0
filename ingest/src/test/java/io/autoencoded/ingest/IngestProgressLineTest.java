package io.autoencoded.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.progress.EtaClock;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The plain line an ingest prints without a terminal: frames, percentage, speed and ETA; the early estimate from the
 * first minute's throughput, and what the ingest will write.
 */
class IngestProgressLineTest {
  @Test
  void carriesThePercentageAndTheEta() {
    AtomicLong now = new AtomicLong();
    EtaClock clock = new EtaClock(1000, 0, Double.NaN, now::get);
    now.addAndGet(4_000_000_000L);
    assertEquals("ingest film: 400 / 1000 frames (40%), 100 frames/s, ETA 6 s",
        IngestProgress.line(clock, 400, "film"));
  }

  @Test
  void withoutAnExpectedCountThereIsNoPercentageAndNoEta() {
    AtomicLong now = new AtomicLong();
    EtaClock clock = new EtaClock(0, 0, Double.NaN, now::get);
    now.addAndGet(2_000_000_000L);
    assertEquals("ingest film: 300 frames, 150 frames/s, ETA unknown", IngestProgress.line(clock, 300, "film"));
  }

  @Test
  void theEarlyEstimateComesAfterTheFirstMinuteOrATenthOfTheFilmOnce() {
    AtomicLong now = new AtomicLong();
    EtaClock clock = new EtaClock(168_000, 0, Double.NaN, now::get);
    now.addAndGet(30_000_000_000L);
    clock.advanceTo(7_500);
    assertFalse(IngestProgress.dueForEstimate(clock), "30 s and under a tenth: too early");
    now.addAndGet(30_000_000_000L);
    clock.advanceTo(15_000);
    assertTrue(IngestProgress.dueForEstimate(clock));
    assertEquals("ingest blade_runner: estimate from the first 1 min 00 s of decoding on this machine (250 frames/s): "
        + "about 11 min 12 s for the whole decode and write of 168,000 frames (10 min 12 s left); it writes up to "
        + "17.30 GB (...).", IngestProgress.estimateLine(clock, "blade_runner", "up to 17.30 GB (...)"));

    EtaClock shortFilm = new EtaClock(190, 0, Double.NaN, now::get);
    now.addAndGet(5_000_000_000L);
    shortFilm.advanceTo(40);
    assertTrue(IngestProgress.dueForEstimate(shortFilm), "a fifth of the film after 5 s");
    shortFilm.advanceTo(190);
    assertFalse(IngestProgress.dueForEstimate(shortFilm), "nothing to forecast once done");
  }

  @Test
  void theFootprintIsTheRawUpperBoundAndSaysSo() {
    IngestFootprint zstd = new IngestFootprint(168_000, 144 * 256 * 3,
        org.apache.parquet.hadoop.metadata.CompressionCodecName.ZSTD);
    assertEquals(168_000L * 110_592, zstd.rawBytes());
    assertEquals(zstd.rawBytes() / 10.0, zstd.leastBytes(), 1.0);
    assertEquals("ingest br: will write up to 17.30 GB (168,000 frames x 110,592 bytes of raw pixels, an upper bound: "
        + "the zstd Parquet files take less) to the store; its filesystem does not say how much space is free there.",
        zstd.line("br", java.util.Optional.empty()));
    IngestFootprint raw = new IngestFootprint(190, 110_592,
        org.apache.parquet.hadoop.metadata.CompressionCodecName.UNCOMPRESSED);
    assertEquals(raw.rawBytes(), raw.leastBytes());
    assertEquals("20.0 MB (190 frames x 110,592 bytes of raw pixels, uncompressed Parquet)", raw.need());
  }
}
