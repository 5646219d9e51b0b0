package io.autoencoded.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.autoencoded.ingest.IngestJob;
import io.autoencoded.ingest.IngestResult;
import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.store.StoreLock;
import io.autoencoded.job.train.CheckpointStore;
import io.autoencoded.job.train.OverTimeLimitException;
import io.autoencoded.job.train.TrainJob;
import io.autoencoded.job.train.TrainResult;
import io.autoencoded.reconstruct.ReconstructJob;
import io.autoencoded.reconstruct.ReconstructOptions;
import io.autoencoded.reconstruct.ReconstructResult;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code autoencoded retrain --inbox URI [--epochs N]}: the scheduled job. Ingests every film in the inbox not yet
 * in the store, warm-starts training from the latest model on the old and new films, reconstructs each new
 * film into the store, and records what it did under {@code STORE/retrain/}. With nothing new it does nothing
 * and says so. One run at a time per store (a lock in the store); a second concurrent run exits
 * {@value #EXIT_LOCKED} without touching anything.
 */
public final class RetrainCommand implements Command {
  static final int EXIT_LOCKED = 75;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public String name() {
    return "retrain";
  }

  @Override
  public String summary() {
    return "ingest new films from --inbox URI, warm-start training, reconstruct the new films";
  }

  @Override
  public Set<String> options() {
    return Set.of("inbox", "epochs", "max-hours");
  }

  @Override
  public int run(Invocation invocation) throws Exception {
    String inbox = invocation.required("inbox");
    Settings settings = invocation.settings();
    StoreLayout layout = new StoreLayout(settings.store().root());
    Configuration hadoop = new Configuration();
    FileSystem fs = StoreFileSystem.of(layout, hadoop);
    Optional<StoreLock> lock = StoreLock.tryAcquire(fs, layout, "retrain");
    if (lock.isEmpty()) {
      System.err.println("Another retrain is running on " + layout.root() + " ("
          + StoreLock.holder(fs, layout, "retrain").orElse("holder unknown")
          + "): this run does nothing; wait for it to finish.");
      return EXIT_LOCKED;
    }
    try (StoreLock held = lock.get()) {
      return retrain(invocation, settings, layout, hadoop, fs, inbox);
    }
  }

  private int retrain(Invocation invocation, Settings settings, StoreLayout layout, Configuration hadoop,
      FileSystem storeFs, String inbox) throws Exception {
    FilmRegistry registry = new FilmRegistry(layout, hadoop);
    List<Path> arrivals = listInbox(inbox, hadoop);
    List<Path> fresh = new ArrayList<>();
    for (Path film : arrivals) {
      if (registry.find(filmIdOf(film)).isEmpty()) {
        fresh.add(film);
      }
    }
    if (fresh.isEmpty()) {
      System.out.println("Nothing new in " + inbox + " (" + arrivals.size()
          + " film(s) there, all already in the store): nothing to do.");
      return 0;
    }
    System.out.println("retrain: " + fresh.size() + " new film(s) in " + inbox);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("started", Instant.now().toString());
    record.put("inbox", inbox);
    SparkSession spark = SparkSessions.open(invocation, settings, "retrain");
    try {
      List<String> ingested = new ArrayList<>();
      Map<String, String> failed = new LinkedHashMap<>();
      for (Path film : fresh) {
        try {
          IngestResult r = IngestJob.run(spark, settings, film.toString(), filmIdOf(film), false);
          ingested.add(r.filmId());
        } catch (UserException e) {
          // one bad film must not stop the others: report it and go on
          failed.put(film.toString(), e.getMessage());
          System.err.println("retrain: skipping " + film + ": " + e.getMessage());
        }
      }
      record.put("ingested", ingested);
      record.put("failed", failed);
      if (!ingested.isEmpty()) {
        Optional<String> from = new CheckpointStore(layout, hadoop).latest();
        List<String> films = registry.list().stream().map(FilmRecord::filmId).toList();
        System.out.println("retrain: training on " + films.size() + " film(s)"
            + from.map(f -> ", warm-starting from " + f).orElse(", from scratch (no model yet)"));
        TrainResult trained;
        try {
          trained = TrainJob.run(spark, settings, films, PipelineCommand.epochs(invocation), from,
              invocation.positiveNumber("max-hours"));
        } catch (OverTimeLimitException e) {
          // the films ingested above are in the store now, so a later retrain will not see them as new
          String stop = e.getMessage().substring(0, e.getMessage().length() - 1);
          throw new UserException(stop + "; the new film(s) " + String.join(", ", ingested) + " stay ingested, and "
              + "retrain takes only films not yet in the store: train them with autoencoded train"
              + from.map(f -> " --from " + f).orElse("") + " and reconstruct each.", e);
        }
        record.put("warm_start", from.orElse(null));
        record.put("trained_on", films);
        record.put("model", trained.checkpointUri());
        Map<String, String> videos = new LinkedHashMap<>();
        for (String id : ingested) {
          java.nio.file.Path tmp = io.autoencoded.job.scratch.ProcessScratch.newDirectory("retrain-");
          try {
            ReconstructResult r = ReconstructJob.run(spark, settings, id,
                ReconstructOptions.video(Optional.of(trained.checkpointUri()), tmp.resolve(id + ".mp4")));
            videos.put(id, r.storedVideo().orElse(null));
          } finally {
            try (var walk = Files.walk(tmp)) {
              walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
          }
        }
        record.put("reconstructions", videos);
      }
      record.put("finished", Instant.now().toString());
      writeRecord(storeFs, layout, record);
      System.out.println(JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record));
      if (!failed.isEmpty()) {
        throw new UserException(failed.size() + " film(s) in the inbox could not be ingested ("
            + String.join(", ", failed.keySet()) + "): fix or remove them; the others were retrained.");
      }
      return 0;
    } finally {
      spark.stop();
    }
  }

  static String filmIdOf(Path film) {
    String name = film.getName();
    int dot = name.lastIndexOf('.');
    return StoreLayout.checkFilmId(dot > 0 ? name.substring(0, dot) : name);
  }

  private static List<Path> listInbox(String inbox, Configuration hadoop) throws Exception {
    URI uri = new StoreLayout(inbox).rootPath().toUri();
    FileSystem fs;
    try {
      fs = FileSystem.get(uri, hadoop);
      if (!fs.getFileStatus(new Path(uri)).isDirectory()) {
        throw new UserException("The inbox " + inbox + " is not a directory: pass the directory films land in.");
      }
    } catch (java.io.FileNotFoundException e) {
      throw new UserException("The inbox " + inbox + " does not exist: create it or check --inbox.");
    }
    List<Path> films = new ArrayList<>();
    for (FileStatus s : fs.listStatus(new Path(uri))) {
      String name = s.getPath().getName();
      // hidden and in-flight names (".x", "_x", "x.part", "x.tmp") are files still being copied in
      if (s.isFile() && !name.startsWith(".") && !name.startsWith("_") && !name.endsWith(".part")
          && !name.endsWith(".tmp")) {
        films.add(s.getPath());
      }
    }
    films.sort(java.util.Comparator.comparing(Path::getName));
    return films;
  }

  private static void writeRecord(FileSystem fs, StoreLayout layout, Map<String, Object> record) throws Exception {
    String name = Instant.now().toString().replace(':', '-') + ".json";
    Path tmp = new Path(layout.retrainRecords(), "." + name + ".tmp");
    fs.mkdirs(layout.retrainRecords());
    try (OutputStream out = fs.create(tmp, false)) {
      JSON.writeValue(out, record);
    }
    StoreFileSystem.replace(fs, tmp, new Path(layout.retrainRecords(), name));
  }
}
