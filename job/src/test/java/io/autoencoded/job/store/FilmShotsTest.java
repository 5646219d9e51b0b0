package io.autoencoded.job.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilmShotsTest {
  private static final FilmShots SHOTS = FilmShots.fromCuts("city", 190, "2026-11-24T17:00:00Z", "detector-1",
      new long[] {50, 116}, new double[] {7.5, 20.25});

  @Test
  void cutsMakeShotsThatCoverTheFilm() {
    assertEquals(List.of(new Shot(0, 0, 50, null), new Shot(1, 50, 66, 7.5), new Shot(2, 116, 74, 20.25)),
        SHOTS.shots());
    assertArrayEquals(new long[] {50, 116}, SHOTS.cuts());
    assertEquals(0, SHOTS.shotOf(0).index());
    assertEquals(0, SHOTS.shotOf(49).index());
    assertEquals(1, SHOTS.shotOf(50).index());
    assertEquals(2, SHOTS.shotOf(189).index());
    assertTrue(SHOTS.sameShot(50, 115));
    assertFalse(SHOTS.sameShot(115, 116));
    assertThrows(IndexOutOfBoundsException.class, () -> SHOTS.shotOf(190));
    assertEquals(1, FilmShots.fromCuts("one", 1, "t", "d", new long[0], new double[0]).shots().size());
    assertTrue(FilmShots.fromCuts("none", 0, "t", "d", new long[0], new double[0]).shots().isEmpty());
    // shots that leave a gap or do not reach the end are not a film's shots
    assertThrows(IllegalArgumentException.class, () -> new FilmShots("x", 10, "t", "d",
        List.of(new Shot(0, 0, 4, null), new Shot(1, 5, 5, 1.0))));
    assertThrows(IllegalArgumentException.class, () -> new FilmShots("x", 10, "t", "d",
        List.of(new Shot(0, 0, 4, null))));
  }

  @Test
  void aTableDescribesTheFramesItWasMadeFromByItsDetector() {
    FilmRecord city = new FilmRecord("city", "/films/city.mpg", "aa", 1234, 190, 25, 1, 7_600_000, 720, 405, 256, 144,
        "mpeg2video", false, 0, "2026-11-24T17:00:00Z");
    assertTrue(SHOTS.describes(city, "detector-1"));
    assertFalse(SHOTS.describes(city, "detector-2"));
    assertFalse(SHOTS.describes(new FilmRecord("city", "/films/city.mpg", "bb", 1234, 190, 25, 1, 7_600_000, 720,
        405, 256, 144, "mpeg2video", false, 0, "2026-11-25T09:00:00Z"), "detector-1"), "ingested again");
  }

  @Test
  void theTableIsStoredBesideTheRegistry(@TempDir Path dir) throws Exception {
    StoreLayout layout = new StoreLayout(dir.toUri().toString());
    ShotTable table = new ShotTable(layout, new Configuration());
    assertTrue(table.find("city").isEmpty());
    table.put(SHOTS);
    assertEquals(SHOTS, table.find("city").orElseThrow());
    Path file = dir.resolve("shots/city.json");
    String json = Files.readString(file);
    assertTrue(json.contains("\"first_frame\" : 116") && json.contains("\"cut_score\" : null"), json);
    assertNull(table.find("city").orElseThrow().shots().get(0).cutScore());
    try (var listing = Files.list(dir.resolve("shots"))) {
      assertTrue(listing.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
    }
    Files.writeString(file, "{ not json");
    assertTrue(table.find("city").isEmpty(), "an unreadable table is remade, not an error");
  }
}
