package io.autoencoded.job.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.cli.UserException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreLayoutTest {
  @Test
  void contractPaths() {
    StoreLayout s = new StoreLayout("hdfs://nn:8020/ae");
    assertEquals("hdfs://nn:8020/ae/frames/film_id=blade_runner", s.framesOf("blade_runner").toString());
    assertEquals("hdfs://nn:8020/ae/latents/film_id=b", s.latentsOf("b").toString());
    assertEquals("hdfs://nn:8020/ae/models/LATEST", s.latestModelPointer().toString());
    assertEquals("hdfs://nn:8020/ae/registry/b.json", s.registryEntry("b").toString());
  }

  @Test
  void relativeAndPlainPathsBecomeAbsoluteFileUris() {
    String cwd = Path.of("").toAbsolutePath().toUri().toString();
    assertTrue(new StoreLayout("file:./store").root().startsWith(cwd), new StoreLayout("file:./store").root());
    assertTrue(new StoreLayout("store").root().startsWith("file:/"));
    assertEquals("file:///tmp/x", new StoreLayout("file:///tmp/x").root());
  }

  @Test
  void filmIdsCannotEscapeTheStore() {
    for (String bad : new String[] {"../x", "a/b", "", ".hidden", "a b", "x..y"}) {
      assertThrows(UserException.class, () -> StoreLayout.checkFilmId(bad), bad);
    }
    assertEquals("Blade-Runner_1982.final", StoreLayout.checkFilmId("Blade-Runner_1982.final"));
  }
}
