package io.autoencoded.job.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.cli.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
  @TempDir Path dir;

  @Test
  void defaultsAreBroadsModel() {
    Settings s = SettingsLoader.load(List.of(), Map.of());
    assertEquals(144, s.frames().height());
    assertEquals(256, s.frames().width());
    assertEquals(200, s.model().latent());
    assertEquals(80, s.model().filters());
    assertEquals(6, s.train().epochs());
    assertEquals("file:./store", SettingsLoader.defaults().getString("store.root"));
  }

  @Test
  void overlaysThenSetsLayerInOrder() throws Exception {
    Path a = write("a.conf", "train.epochs = 3\nmodel.filters = 16\n");
    Path b = write("b.conf", "train { epochs = 4 }\n");
    Settings s = SettingsLoader.load(List.of(a, b), Map.of("model.latent", "32", "store.root", "hdfs://nn:8020/x"));
    assertEquals(4, s.train().epochs());
    assertEquals(16, s.model().filters());
    assertEquals(32, s.model().latent());
    assertEquals("hdfs://nn:8020/x", s.store().root());
  }

  @Test
  void unknownKeyInFileIsNamed() throws Exception {
    Path a = write("a.conf", "train.epoch = 3\n");
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> SettingsLoader.load(List.of(a), Map.of()));
    assertTrue(e.getMessage().contains("'train.epoch'"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown"), e.getMessage());
  }

  @Test
  void unknownKeyInSetIsNamed() {
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> SettingsLoader.load(List.of(), Map.of("model.latnet", "3")));
    assertTrue(e.getMessage().contains("'model.latnet'"), e.getMessage());
  }

  @Test
  void sparkConfIsFreeForm() {
    Settings s = SettingsLoader.load(List.of(), Map.of("spark.conf.spark.executor.memory", "8g"));
    assertEquals("8g", s.spark().conf().get("spark.executor.memory"));
  }

  @Test
  void outOfRangeValuesAreNamed() {
    assertInvalid("model.latent", "-1", "between");
    assertInvalid("train.batch-size", "0", "between");
    assertInvalid("frames.height", "100", "multiple of 16");
    assertInvalid("frames.width", "abc", "whole number");
    assertInvalid("train.learning-rate", "0", "greater than 0");
    assertInvalid("frames.fit", "stretch", "one of");
  }

  @Test
  void unreadableOrBrokenFilesAreUserErrors() throws Exception {
    assertThrows(UserException.class, () -> SettingsLoader.load(List.of(dir.resolve("missing.conf")), Map.of()));
    Path broken = write("broken.conf", "train { epochs = \n");
    UserException e = assertThrows(UserException.class, () -> SettingsLoader.load(List.of(broken), Map.of()));
    assertTrue(e.getMessage().contains("not valid HOCON"), e.getMessage());
  }

  @Test
  void renderedConfigRoundTrips() {
    Settings s = SettingsLoader.load(List.of(), Map.of("train.epochs", "9"));
    assertEquals(9, s.config().getInt("train.epochs"));
  }

  private void assertInvalid(String key, String value, String words) {
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> SettingsLoader.load(List.of(), Map.of(key, value)));
    assertTrue(e.getMessage().contains("'" + key + "'") && e.getMessage().contains(words), e.getMessage());
  }

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }
}
