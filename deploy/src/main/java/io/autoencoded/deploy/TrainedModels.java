package io.autoencoded.deploy;

import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.train.CheckpointStore;
import io.autoencoded.job.train.TrainPosition;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The training runs in a store, each with its newest checkpoint's position (films, epochs), in the order they were
 * last trained: run ids are hashes, so sorting by id would shuffle a retrain in among the runs it followed.
 */
final class TrainedModels {
  record Run(String runId, String checkpoint, TrainPosition position) {}

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper().disable(
          com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private TrainedModels() {}

  static List<Run> list(FileSystem fs, StoreLayout layout) throws IOException {
    List<Run> runs = new ArrayList<>();
    if (!fs.exists(layout.models())) {
      return runs;
    }
    for (FileStatus run : fs.listStatus(layout.models())) {
      if (!run.isDirectory() || run.getPath().getName().startsWith(".")) {
        continue;
      }
      FileStatus[] checkpoints = fs.listStatus(run.getPath(),
          p -> !p.getName().startsWith(".") && !p.getName().startsWith("_"));
      Arrays.sort(checkpoints, Comparator.comparing((FileStatus s) -> s.getPath().getName()).reversed());
      for (FileStatus checkpoint : checkpoints) {
        Path position = new Path(checkpoint.getPath(), CheckpointStore.POSITION_FILE);
        if (checkpoint.isDirectory() && fs.exists(position)) {
          try (InputStream in = fs.open(position)) {
            runs.add(new Run(run.getPath().getName(), fs.makeQualified(checkpoint.getPath()).toString(),
                JSON.readValue(in, TrainPosition.class)));
          }
          break;
        }
      }
    }
    runs.sort(Comparator.comparing(TrainedModels::lastTrained).thenComparing(Run::runId));
    return runs;
  }

  /** When the run's newest checkpoint was written; a position without the time sorts first. */
  private static Instant lastTrained(Run run) {
    String at = run.position().createdAt();
    try {
      return at == null ? Instant.MIN : Instant.parse(at);
    } catch (DateTimeParseException e) {
      return Instant.MIN;
    }
  }
}
