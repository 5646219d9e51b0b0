package io.autoencoded.job.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.model.Checkpoint;
import io.autoencoded.job.model.LoadedCheckpoint;
import io.autoencoded.job.model.ModelSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import io.autoencoded.job.report.ChartPng;
import io.autoencoded.job.report.RunCharts;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class CheckpointFormatTest {
  @Test
  void roundTripsSpecArraysAndStep() throws IOException {
    float[] params = new float[100_003];
    for (int i = 0; i < params.length; i++) {
      params[i] = (float) Math.sin(i) * 1e-3f;
    }
    ModelState state = new ModelState(new ModelSpec(32, 48, 3, 4, 8, 2.5, 2e-4, 7), params, new float[] {1, 2, 3}, 77);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CheckpointFormat.write(state, out);
    ModelState back = CheckpointFormat.read(new ByteArrayInputStream(out.toByteArray()), "test");
    assertEquals(state.spec(), back.spec());
    assertEquals(77, back.iteration());
    assertArrayEquals(params, back.parameters());
    assertArrayEquals(new float[] {1, 2, 3}, back.updaterState());
    assertThrows(UserException.class, () -> CheckpointFormat.read(new ByteArrayInputStream(new byte[16]), "junk"));
  }

  @Test
  void theVaeGanIsCheckpointedInTheModelsOwnFormatAndReadBackByBothReaders() throws IOException {
    ModelSpec spec = new ModelSpec(32, 48, 3, 4, 8, 2.5, 1e-3, 5);
    TrainableModel model = VaeGanReplica.Factory.INSTANCE.create(spec);
    model.trainStep(Nd4j.rand(DataType.FLOAT, 2, 3, 32, 48).muli(2).subi(1));
    ModelState state = ModelState.of(model);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VaeGanReplica.Factory.INSTANCE.writeCheckpoint(state, 3, 1, "train.epochs = 2", out);

    LoadedCheckpoint loaded = Checkpoint.read(new ByteArrayInputStream(out.toByteArray()));
    assertEquals(3, loaded.position().step());
    assertEquals(1, loaded.model().iteration());
    ModelState back = CheckpointFormat.read(new ByteArrayInputStream(out.toByteArray()), "test");
    assertEquals(spec, back.spec());
    assertArrayEquals(state.parameters(), back.parameters());
    assertArrayEquals(state.updaterState(), back.updaterState());
    assertEquals(1, back.iteration());
  }

  @Test
  void picturesAreReadablePngs() throws IOException {
    List<LossPoint> history = List.of(new LossPoint(0, 1, 10, 1, 2, 3, 4, 4, 1, 0, 1e-3, 0.5, 0, false),
        new LossPoint(0, 2, 20, 0.5, 1, 3, 2, 4, 0, 2, 1e-3, 0.4, 0, false),
        new LossPoint(1, 1, 30, Double.NaN, 0.5, 2, 1, 4, 0, 0, 5e-4, 0.6, 1, true));
    var chart = ImageIO.read(new ByteArrayInputStream(ChartPng.of(RunCharts.losses(history), 900, 700)));
    assertEquals(900, chart.getWidth());
    byte[] frame = new byte[16 * 32 * 3];
    var grid = ImageIO.read(new ByteArrayInputStream(SampleGrid.png(List.of(frame, frame), List.of(frame, frame),
        List.of(frame, frame), 16, 32)));
    assertEquals(3 * 32 + 4 * 4, grid.getWidth(), "original | reconstruction | prior sample");
    assertEquals(2 * (16 + 4) + 4, grid.getHeight());
    var pair = ImageIO.read(new ByteArrayInputStream(SampleGrid.png(List.of(frame), List.of(frame), List.of(), 16,
        32)));
    assertEquals(2 * 32 + 3 * 4, pair.getWidth(), "a model without prior samples: two columns");
  }

  @Test
  void positionsWrittenBeforeTheReportFieldsStillRead() throws IOException {
    String old = "{\"runId\":\"run-1\",\"films\":[\"a\"],\"epochsDone\":1,\"roundsDone\":0,\"step\":3,"
        + "\"framesSeen\":30,\"learningRate\":1e-3,\"rollbacks\":0,\"lastLosses\":{\"prior\":1.0,\"llike\":2.0,"
        + "\"gan\":0.7,\"pixelMse\":0.1,\"decoderSkipped\":0,\"discriminatorSkipped\":1,\"nonFinite\":0},"
        + "\"history\":[{\"epoch\":0,\"round\":1,\"framesSeen\":10,\"prior\":1.0,\"llike\":2.0,\"gan\":0.7,"
        + "\"pixelMse\":0.1}],\"createdAt\":\"2026-01-01T00:00:00Z\"}";
    TrainPosition p = CheckpointFormat.JSON.readValue(old, TrainPosition.class);
    LossPoint point = p.history().get(0);
    assertEquals(10, point.framesSeen());
    assertEquals(0, point.steps());
    assertTrue(Double.isNaN(point.decoderSkipRate()), "not recorded, not 0 %");
    assertEquals(0, point.seconds());
    assertTrue(ImageIO.read(new ByteArrayInputStream(ChartPng.of(RunCharts.throughput(p.history()), 900, 280)))
        .getHeight() == 280, "a chart of nothing recorded is still a picture");
  }
}
