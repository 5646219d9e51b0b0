package io.autoencoded.job.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.config.InvalidSettingException;
import io.autoencoded.job.config.SettingsLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** model.engine picks the replicas' factory; ND4J by default, anything else named is refused with the key. */
class ModelEngineTest {
  private static ModelEngine engine(Map<String, String> sets) {
    return ModelEngine.from(SettingsLoader.load(List.of(), sets).config());
  }

  @Test
  void nd4jByDefaultTorchWhenAsked() {
    assertEquals(ModelEngine.ND4J, engine(Map.of()));
    assertSame(VaeGanReplica.Factory.INSTANCE, engine(Map.of()).trainingFactory());
    assertEquals(ModelEngine.TORCH, engine(Map.of("model.engine", "torch")));
    assertSame(TorchReplica.Factory.INSTANCE, engine(Map.of("model.engine", "torch")).trainingFactory());
  }

  @Test
  void refusesOtherEnginesNamingTheKey() {
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> engine(Map.of("model.engine", "cuda")));
    assertTrue(e.getMessage().contains("model.engine"), e.getMessage());
  }
}
