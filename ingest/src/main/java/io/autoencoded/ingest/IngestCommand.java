package io.autoencoded.ingest;

import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.spark.SparkSessions;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** {@code autoencoded ingest --film PATH_OR_URI [--film-id ID] [--replace]}. */
public final class IngestCommand implements Command {
  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public String summary() {
    return "decode a film into the frame store (--film PATH_OR_URI [--film-id ID] [--replace])";
  }

  @Override
  public Set<String> options() {
    return Set.of("film", "film-id");
  }

  @Override
  public Set<String> flags() {
    return Set.of("replace");
  }

  @Override
  public int run(Invocation invocation) {
    String film = invocation.required("film");
    Settings settings = invocation.settings();
    FilmSource source = FilmSource.of(film);
    if (source.local()) {
      // a missing or empty local film fails at once, before Spark starts
      source.size(new org.apache.hadoop.conf.Configuration());
    }
    SparkSession spark = SparkSessions.open(invocation, settings, "ingest");
    try {
      IngestResult result = IngestJob.run(spark, settings, film, invocation.option("film-id").orElse(null),
          invocation.flag("replace"));
      System.out.println(result.noOp()
          ? "Film '" + result.filmId() + "' is already in the store (" + result.frames() + " frames): nothing to do."
          : "Ingested film '" + result.filmId() + "': " + result.frames() + " frames.");
      return 0;
    } finally {
      spark.stop();
    }
  }
}
