package io.autoencoded.ingest;

import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.config.SettingsLoader;
import io.autoencoded.job.spark.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code autoencoded bench ingest --film PATH}: ingests the film into a throw-away store (a temporary
 * directory, unless --store is given) and prints, as the last stdout line, JSON with the whole command's
 * time (Spark start-up included) and frames per second. The {@code bench} command dispatches its
 * {@code ingest} sub-command here.
 */
public final class IngestBenchmark implements Command {
  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public String summary() {
    return "measure ingest: --film PATH; last line JSON with frames_per_s";
  }

  @Override
  public Set<String> options() {
    return Set.of("film", "film-id");
  }

  @Override
  public int run(Invocation invocation) throws IOException {
    long started = System.nanoTime();
    String film = invocation.required("film");
    Path tempStore = null;
    Settings settings;
    if (invocation.option("store").isPresent()) {
      settings = invocation.settings();
    } else {
      tempStore = Files.createTempDirectory("autoencoded-bench-ingest-");
      Map<String, String> sets = new LinkedHashMap<>();
      for (String kv : invocation.all("set")) {
        int eq = kv.indexOf('=');
        sets.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      sets.put("store.root", tempStore.toUri().toString());
      settings = SettingsLoader.load(invocation.all("conf").stream().map(Path::of).toList(), sets);
    }
    SparkSession spark = SparkSessions.open(invocation, settings, "bench ingest");
    IngestResult result;
    try {
      result = IngestJob.run(spark, settings, film, invocation.option("film-id").orElse("bench"), true);
    } finally {
      spark.stop();
      if (tempStore != null) {
        deleteTree(tempStore);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(Locale.ROOT, "{\"bench\":\"ingest\",\"film\":\"%s\",\"frames\":%d,\"seconds\":%.3f,"
            + "\"frames_per_s\":%.1f,\"ingest_seconds\":%.3f,\"parallel\":%b,\"segments\":%d,"
            + "\"height\":%d,\"width\":%d,\"master\":\"%s\"}%n",
        film.replace("\\", "\\\\").replace("\"", "\\\""), result.frames(), seconds, result.frames() / seconds,
        result.seconds(), result.parallel(), result.segments(), settings.frames().height(),
        settings.frames().width(), invocation.master());
    return 0;
  }

  /** Runs the benchmark on its own ({@code java ... IngestBenchmark --film PATH}), before the launcher wires it. */
  public static void main(String[] args) {
    String[] withName = new String[args.length + 1];
    withName[0] = "ingest";
    System.arraycopy(args, 0, withName, 1, args.length);
    int status = new io.autoencoded.job.cli.CommandRunner().register(new IngestBenchmark()).run(withName, System.err);
    System.exit(status);
  }

  private static void deleteTree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

}
