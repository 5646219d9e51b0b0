package io.autoencoded.deploy;

import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.store.StoreLayout;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * {@code autoencoded films [--film-id ID]...}: the films in a store with their frame counts, rates and sizes,
 * and the training runs that used each. Reads the registry and checkpoint metadata only: no Spark.
 */
public final class FilmsCommand implements Command {
  @Override
  public String name() {
    return "films";
  }

  @Override
  public String summary() {
    return "list the films in the store, their frame counts and the models trained on them";
  }

  @Override
  public java.util.Set<String> options() {
    return java.util.Set.of("film-id");
  }

  @Override
  public int run(Invocation invocation) throws Exception {
    Settings settings = invocation.settings();
    StoreLayout layout = new StoreLayout(settings.store().root());
    Configuration hadoop = new Configuration();
    FileSystem fs = StoreFileSystem.of(layout, hadoop);
    List<FilmRecord> films = new FilmRegistry(layout, hadoop).list();
    List<String> wanted = invocation.all("film-id");
    if (!wanted.isEmpty()) {
      for (String id : wanted) {
        new FilmRegistry(layout, hadoop).require(id);
      }
      films = films.stream().filter(f -> wanted.contains(f.filmId())).toList();
    }
    List<TrainedModels.Run> runs = TrainedModels.list(fs, layout);
    if (films.isEmpty()) {
      System.out.println("No films in " + layout.root() + ": add one with autoencoded ingest --film PATH.");
      return 0;
    }
    System.out.printf(Locale.ROOT, "%-24s %8s %9s %11s %11s %5s  %s%n", "FILM", "FRAMES", "FPS", "SOURCE",
        "STORED", "AUDIO", "MODELS (run: epochs)");
    for (FilmRecord f : films) {
      String models = runs.stream().filter(r -> r.position().films().contains(f.filmId()))
          .map(r -> r.runId() + ": " + r.position().epochsDone())
          .collect(Collectors.joining(", "));
      System.out.printf(Locale.ROOT, "%-24s %8d %9.3f %11s %11s %5s  %s%n", f.filmId(), f.frameCount(),
          f.frameRate(), f.sourceWidth() + "x" + f.sourceHeight(), f.width() + "x" + f.height(),
          f.hasAudio() ? "yes" : "no", models.isEmpty() ? "-" : models);
    }
    return 0;
  }
}
