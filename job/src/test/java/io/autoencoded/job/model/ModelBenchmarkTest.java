package io.autoencoded.job.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.cli.UserException;
import org.junit.jupiter.api.Test;

class ModelBenchmarkTest {
  @Test
  void trainAndReconstructPrintJsonWithFramesPerSecondTheCpuAndTheNativeBuild() {
    ModelSpec spec = new ModelSpec(16, 32, 3, 2, 4, 2.5, 1e-3, 42L).withUpsampling(ModelSpec.RESIZE_CONV);
    for (String kind : new String[] {"train", "reconstruct"}) {
      String json = ModelBenchmark.run(kind, spec, 2, 1);
      assertTrue(json.startsWith("{\"kind\":\"" + kind + "\""), json);
      assertTrue(json.contains("\"frames_per_s\":"), json);
      assertTrue(json.contains("\"peak_rss_mb\":"), json);
      assertTrue(json.contains("\"upsampling\":\"resize-conv\""), json);
      assertTrue(json.contains("\"cpu\":\"" + CpuInfo.current().model() + "\""), json);
      assertTrue(json.contains("\"native\":\"" + NativeVariant.loaded().orElseThrow() + "\""), json);
      assertTrue(json.contains("\"engine\":\"ND4J cpu " + NativeVariant.loaded().orElseThrow() + "\""), json);
      assertTrue(json.endsWith("}"), json);
    }
    assertThrows(IllegalArgumentException.class, () -> ModelBenchmark.run("fly", spec, 2, 1));
  }

  @Test
  void theTorchEngineIsBenchedAndNamed() {
    ModelSpec spec = new ModelSpec(16, 32, 3, 2, 4, 2.5, 1e-3, 42L).withUpsampling(ModelSpec.RESIZE_CONV);
    for (String kind : new String[] {"train", "reconstruct"}) {
      String json = ModelBenchmark.run(kind, spec, 2, 1, true);
      assertTrue(json.contains("\"frames_per_s\":"), json);
      assertTrue(json.contains("\"engine\":\"torch PyTorch 2.5.1 on cpu()\""), json);
    }
  }

  @Test
  void commandRunsWithOptionsAndRejectsBadSizes() throws Exception {
    ModelBenchCommand command = new ModelBenchCommand("reconstruct");
    String[] args = {"--height", "16", "--width", "32", "--filters", "2", "--latent", "4", "--batch", "2",
        "--steps", "1"};
    assertEquals(0, command.run(Invocation.parse("bench reconstruct", args, command.options(), command.flags())));
    String[] bad = {"--height", "20", "--width", "32"};
    UserException e = assertThrows(UserException.class,
        () -> command.run(Invocation.parse("bench reconstruct", bad, command.options(), command.flags())));
    assertTrue(e.getMessage().contains("multiples of 16"), e.getMessage());
    String[] notANumber = {"--steps", "many"};
    assertThrows(UserException.class,
        () -> command.run(Invocation.parse("bench reconstruct", notANumber, command.options(), command.flags())));
  }
}
