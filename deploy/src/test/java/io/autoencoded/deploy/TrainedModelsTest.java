package io.autoencoded.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.train.CheckpointStore;
import io.autoencoded.job.train.TrainPosition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainedModelsTest {
  @TempDir
  Path store;

  @Test
  void runsAreListedInTheOrderTheyWereLastTrainedNotByTheirHashedIds() throws Exception {
    // the retrain's id sorts before the first run's; the listing must still put it second
    position("run-ffffffffffff", "epoch-0001", List.of("a"), 1, "2026-12-01T10:00:00Z");
    position("run-ffffffffffff", "epoch-0002", List.of("a"), 2, "2026-12-01T11:00:00Z");
    position("run-000000000000", "epoch-0001", List.of("a", "b"), 1, "2026-12-02T09:00:00Z");
    position("run-888888888888", "epoch-0001", List.of("c"), 1, null);

    StoreLayout layout = new StoreLayout(store.toUri().toString());
    List<TrainedModels.Run> runs = TrainedModels.list(FileSystem.getLocal(new Configuration()), layout);

    assertEquals(List.of("run-888888888888", "run-ffffffffffff", "run-000000000000"),
        runs.stream().map(TrainedModels.Run::runId).toList());
    assertEquals(2, runs.get(1).position().epochsDone(), "each run shows its newest checkpoint");
  }

  private void position(String run, String checkpoint, List<String> films, int epochs, String createdAt)
      throws Exception {
    Path dir = Files.createDirectories(store.resolve("models").resolve(run).resolve(checkpoint));
    TrainPosition p = new TrainPosition(run, films, epochs, 0, epochs, epochs, 1e-3, 0, null, List.of(), createdAt);
    new ObjectMapper().writeValue(dir.resolve(CheckpointStore.POSITION_FILE).toFile(), p);
  }
}
