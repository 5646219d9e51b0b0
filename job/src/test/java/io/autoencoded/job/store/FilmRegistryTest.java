package io.autoencoded.job.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.testing.MiniHdfs;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilmRegistryTest {
  static MiniHdfs hdfs;
  @TempDir Path dir;

  @BeforeAll
  static void startHdfs() throws Exception {
    hdfs = MiniHdfs.start();
  }

  @AfterAll
  static void stopHdfs() {
    hdfs.close();
  }

  static FilmRecord film(String id, String sha) {
    return new FilmRecord(id, "/films/" + id + ".mp4", sha, 1234, 190, 25, 1, 7_600_000, 720, 405, 256, 144,
        "mpeg2video", false, 0, "2026-11-24T17:00:00Z");
  }

  @Test
  void putFindListReplaceOnHdfs() throws Exception {
    check(new StoreLayout(hdfs.store("registry-test")), hdfs.configuration());
  }

  @Test
  void putFindListReplaceOnLocalFiles() throws Exception {
    check(new StoreLayout(dir.toUri().toString()), new Configuration());
  }

  private void check(StoreLayout layout, Configuration conf) throws Exception {
    FilmRegistry registry = new FilmRegistry(layout, conf);
    assertTrue(registry.list().isEmpty());
    assertTrue(registry.find("city").isEmpty());
    registry.put(film("city", "aa"));
    registry.put(film("b_film", "bb"));
    assertEquals(film("city", "aa"), registry.find("city").orElseThrow());
    assertEquals(List.of("b_film", "city"), registry.list().stream().map(FilmRecord::filmId).toList());
    registry.put(film("city", "cc"));
    assertEquals("cc", registry.require("city").sha256());
    assertEquals(2, registry.list().size());
    UserException e = assertThrows(UserException.class, () -> registry.require("nope"));
    assertTrue(e.getMessage().contains("'nope' is not in the store"), e.getMessage());
    assertTrue(registry.remove("b_film"));
    assertFalse(registry.find("b_film").isPresent());
  }

  @Test
  void unknownSchemeAndDownHdfsAreUserErrors() {
    UserException scheme = assertThrows(UserException.class,
        () -> new FilmRegistry(new StoreLayout("nosuchfs://x/y"), new Configuration()));
    assertTrue(scheme.getMessage().contains("scheme 'nosuchfs'"), scheme.getMessage());
    Configuration fast = new Configuration();
    fast.setInt("ipc.client.connect.max.retries", 0);
    fast.setInt("ipc.client.connect.max.retries.on.timeouts", 0);
    UserException down = assertThrows(UserException.class,
        () -> new FilmRegistry(new StoreLayout("hdfs://127.0.0.1:1/store"), fast));
    assertTrue(down.getMessage().contains("cannot be reached") || down.getMessage().contains("cannot be opened"),
        down.getMessage());
  }
}
