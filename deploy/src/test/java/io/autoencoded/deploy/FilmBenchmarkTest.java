package io.autoencoded.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench film} at CI size: two minutes of film (2,880 frames, 320×180 H.264 + AAC, a cut every 5 s) through
 * every stage at a tiny training size, so that the film-scale paths stay honest. The full sizes are a benchmark
 * (docs/PERFORMANCE.md, "Film scale"); here only exactness is checked, read back independently of the bench's own
 * checks: every frame once at 24 fps, the sound ending within a frame of the picture, one latent row per frame.
 */
class FilmBenchmarkTest {
  private static final long FRAMES = 2 * 60 * 24;

  @TempDir Path dir;

  @Test
  void aGeneratedFilmGoesThroughEveryStageExactlyAndTheFiguresAreTheLastLine() throws Exception {
    Path work = dir.resolve("work");
    Path record = dir.resolve("film-scale.jsonl");
    List<String> args = new ArrayList<>(List.of("bench", "film", "--minutes", "2", "--width", "320", "--height", "180",
        "--work", work.toString(), "--record", record.toString(), "--master", "local[2]",
        "--set", "frames.height=32", "--set", "frames.width=64", "--set", "model.filters=4",
        "--set", "model.latent=8", "--set", "train.batch-size=8", "--set", "train.workers=2",
        "--set", "train.averaging-frequency=60", "--set", "train.probe-minibatches=1"));
    CommandLines.Outcome o = CommandLines.run(args);
    assertEquals(0, o.status(), o.err());
    List<String> lines = o.out().strip().lines().toList();
    JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertEquals(FRAMES, json.get("frames").asLong());
    assertTrue(json.get("exact").asBoolean(), json.toString());
    // the resident set depends on glibc's arena cap, so the record says which it ran with
    assertEquals(System.getenv().getOrDefault("MALLOC_ARENA_MAX", "unset"), json.get("malloc_arena_max").asText());
    for (String stage : List.of("ingest", "train", "reconstruct")) {
      JsonNode s = json.get("stages").get(stage);
      for (String key : List.of("wall_s", "frames_per_s", "peak_rss_mb", "peak_offheap_javacpp_mb",
          "peak_offheap_direct_mb", "peak_heap_used_mb", "peak_spark_local_mb", "peak_spark_local_files", "store_mb",
          "store_files")) {
        assertTrue(s.has(key), stage + "." + key + " missing from " + json);
      }
      assertTrue(s.get("peak_rss_mb").asDouble() > 0, json.toString());
      // the resident set's two parts, each at most the whole (each is its own peak)
      double anon = s.get("peak_rss_anon_mb").asDouble();
      double file = s.get("peak_rss_file_mb").asDouble();
      assertTrue(anon > 0 && file > 0 && anon <= s.get("peak_rss_mb").asDouble()
          && file <= s.get("peak_rss_mb").asDouble(), json.toString());
    }
    // every frame read once in the epoch, the model stepped only as often as the bound says
    assertEquals(FRAMES, json.get("stages").get("train").get("frames_read").asLong());
    assertTrue(json.get("stages").get("train").get("peak_spark_local_mb").asDouble() > 0,
        "the epoch's shuffle files are counted: " + json);

    // read back independently of the bench's own packet check: decoded frames and frame rate
    VideoProbe video = VideoProbe.of(work.resolve("reconstruction.mp4"));
    assertEquals(FRAMES, video.frames());
    assertEquals(24.0, video.fps(), 1e-6);
    JsonNode timing = json.get("checks").get("reconstruction");
    assertTrue(Math.abs(timing.get("audio_end_offset_s").asDouble()) <= 1.0 / 24, timing.toString());
    assertEquals(FRAMES / 24.0, timing.get("video_end_s").asDouble() - timing.get("video_start_s").asDouble(), 1e-6);

    SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    try {
      Dataset<Row> latents = spark.read().parquet(work.resolve("store/latents/film_id=film").toString());
      assertEquals(FRAMES, latents.count());
      assertEquals(FRAMES, latents.select("frame_index").distinct().count());
    } finally {
      spark.stop();
    }
    assertTrue(Files.size(dir.resolve("film-scale.png")) > 0, "the memory chart is drawn beside the record");
  }

  @Test
  void withoutMinutesItSaysWhatToPass() {
    CommandLines.Outcome o = CommandLines.run(List.of("bench", "film", "--master", "local[1]"));
    assertEquals(2, o.status(), o.err());
    assertTrue(o.lastErrLine().contains("--minutes"), o.lastErrLine());
  }
}
