package io.autoencoded.deploy;

import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.report.RunReport;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.store.StoreLayout;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * {@code autoencoded films [--film-id ID]...}: the films in a store with their frame counts, rates and sizes,
 * the training runs that used each and where each run's training report is. {@code films --report RUN --out DIR}
 * copies a run's report (page, pictures, and the quality reports it links) out of the store, which is how a report
 * on HDFS is looked at. Reads the registry and checkpoint metadata only: no Spark.
 */
public final class FilmsCommand implements Command {
  @Override
  public String name() {
    return "films";
  }

  @Override
  public String summary() {
    return "list the films in the store, their frame counts, the models trained on them and their reports "
        + "(--report RUN --out DIR copies a run's report)";
  }

  @Override
  public java.util.Set<String> options() {
    return java.util.Set.of("film-id", "report", "out");
  }

  @Override
  public int run(Invocation invocation) throws Exception {
    Settings settings = invocation.settings();
    StoreLayout layout = new StoreLayout(settings.store().root());
    Configuration hadoop = new Configuration();
    FileSystem fs = StoreFileSystem.of(layout, hadoop);
    Optional<String> report = invocation.option("report");
    Optional<String> out = invocation.option("out");
    if (report.isPresent() != out.isPresent()) {
      throw new UserException(report.isPresent()
          ? "'films --report' needs --out DIR: the directory to copy the report into."
          : "'films --out' copies a run's report: add --report RUN (the runs are listed by autoencoded films).");
    }
    if (report.isPresent()) {
      java.nio.file.Path page = new RunReport(fs, layout, System.err).copy(report.get(),
          java.nio.file.Path.of(out.get()).toAbsolutePath().normalize());
      System.out.println("copied the report of " + report.get() + " to " + page);
      return 0;
    }
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
    List<String> shown = films.stream().map(FilmRecord::filmId).toList();
    List<TrainedModels.Run> listed = runs.stream()
        .filter(r -> r.position().films().stream().anyMatch(shown::contains)).toList();
    if (!listed.isEmpty()) {
      System.out.printf(Locale.ROOT, "%n%-18s %6s  %-30s %s%n", "RUN", "EPOCHS", "FILMS", "REPORT");
      RunReport reports = new RunReport(fs, layout, System.err);
      for (TrainedModels.Run r : listed) {
        System.out.printf(Locale.ROOT, "%-18s %6d  %-30s %s%n", r.runId(), r.position().epochsDone(),
            filmsOf(r.position().films()),
            fs.exists(layout.runReport(r.runId())) ? reports.address(r.runId()) : "-");
      }
    }
    return 0;
  }

  /**
   * A run's films in its row: the ids when there are a few, else how many and the first and last, so that a run on
   * hundreds of films keeps its row (and its report's address) on one readable line.
   */
  static String filmsOf(List<String> films) {
    return films.size() <= 3 ? String.join(",", films)
        : films.size() + " films: " + films.get(0) + " .. " + films.get(films.size() - 1);
  }
}
