package io.autoencoded.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.store.StoreLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled retraining end to end in local mode: new films only, idempotent, one run at a time. */
class RetrainCommandTest {
  static final Path CLIP = Path.of("../deploy/demo/cityCC0.mpg");

  @TempDir Path dir;

  @Test
  void ingestsOnlyNewFilmsWarmStartsAndDoesNothingTheSecondTime() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    String store = dir.resolve("store").toUri().toString();
    Files.copy(CLIP, inbox.resolve("first.mpg"));
    Files.writeString(inbox.resolve(".second.mpg.part"), "still being copied");

    CommandLines.Outcome first = CommandLines.run(CommandLines.with("retrain", "--inbox", inbox.toString(),
        "--store", store));
    assertEquals(0, first.status(), first.err());
    StoreLayout layout = new StoreLayout(store);
    FilmRegistry registry = new FilmRegistry(layout, new Configuration());
    assertEquals(List.of("first"), registry.list().stream().map(FilmRecord::filmId).toList());
    assertEquals(190, registry.require("first").frameCount());
    assertTrue(Files.exists(Path.of(layout.reconstructionsOf("first").toUri()).resolve("reconstruction.mp4")),
        "the new film's reconstruction is in the store");
    assertEquals(1, records(layout).size());

    CommandLines.Outcome again = CommandLines.run(CommandLines.with("retrain", "--inbox", inbox.toString(),
        "--store", store));
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains("nothing to do"), again.out());
    assertEquals(1, records(layout).size(), "a run with nothing new records nothing");

    Files.copy(CLIP, inbox.resolve("second.mpg"));
    CommandLines.Outcome third = CommandLines.run(CommandLines.with("retrain", "--inbox", inbox.toString(),
        "--store", store));
    assertEquals(0, third.status(), third.err());
    assertTrue(third.out().contains("warm-starting from"), third.out());
    assertEquals(List.of("first", "second"), registry.list().stream().map(FilmRecord::filmId).toList());
    String record = Files.readString(records(layout).get(1));
    assertTrue(record.contains("\"ingested\" : [ \"second\" ]"), record);
    assertTrue(record.contains("\"trained_on\" : [ \"first\", \"second\" ]"), record);

    CommandLines.Outcome films = CommandLines.run(List.of("films", "--store", store));
    assertEquals(0, films.status(), films.err());
    assertTrue(films.out().lines().anyMatch(l -> l.startsWith("second") && l.contains(" 190 ")), films.out());
  }

  @Test
  void aRunEstimatedAboveMaxHoursTrainsNothingAndSaysHowToTrainTheFilmsItIngested() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    Files.copy(CLIP, inbox.resolve("film.mpg"));
    String store = dir.resolve("store").toUri().toString();
    StoreLayout layout = new StoreLayout(store);
    // about a millisecond: any run's estimate is above it
    CommandLines.Outcome stopped = CommandLines.run(CommandLines.with("retrain", "--inbox", inbox.toString(),
        "--store", store, "--max-hours", "0.0000003"));
    assertEquals(2, stopped.status(), stopped.err());
    assertTrue(stopped.err().contains("estimate (from a "), stopped.err());
    assertTrue(stopped.lastErrLine().startsWith("Training did not start: the estimate is "), stopped.lastErrLine());
    assertTrue(stopped.lastErrLine().contains("the new film(s) film stay ingested")
        && stopped.lastErrLine().endsWith("train them with autoencoded train and reconstruct each."),
        stopped.lastErrLine());
    assertEquals(List.of("film"), new FilmRegistry(layout, new Configuration()).list().stream()
        .map(FilmRecord::filmId).toList(), "the ingested film is kept");
    assertTrue(!Files.exists(Path.of(layout.models().toUri())), "no model was written");
  }

  @Test
  void aSecondConcurrentRunIsRefusedAndChangesNothing() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    Files.copy(CLIP, inbox.resolve("film.mpg"));
    String store = dir.resolve("store").toUri().toString();
    StoreLayout layout = new StoreLayout(store);
    FileSystem fs = FileSystem.get(layout.rootPath().toUri(), new Configuration());
    Optional<StoreLock> held = StoreLock.tryAcquire(fs, layout, "retrain");
    assertTrue(held.isPresent());
    try (StoreLock lock = held.get()) {
      CommandLines.Outcome refused = CommandLines.run(CommandLines.with("retrain", "--inbox", inbox.toString(),
          "--store", store));
      assertEquals(RetrainCommand.EXIT_LOCKED, refused.status());
      assertTrue(refused.lastErrLine().startsWith("Another retrain is running"), refused.lastErrLine());
      assertTrue(new FilmRegistry(layout, new Configuration()).list().isEmpty());
    }
  }

  @Test
  void aMissingInboxIsAOneLineError() {
    CommandLines.Outcome missing = CommandLines.run(CommandLines.with("retrain", "--inbox",
        dir.resolve("nope").toString(), "--store", dir.resolve("store").toUri().toString()));
    assertEquals(2, missing.status());
    assertTrue(missing.lastErrLine().contains("does not exist"), missing.lastErrLine());
  }

  private static List<Path> records(StoreLayout layout) throws Exception {
    Path dir = Path.of(layout.retrainRecords().toUri());
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }
}
