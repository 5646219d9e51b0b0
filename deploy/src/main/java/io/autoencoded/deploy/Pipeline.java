package io.autoencoded.deploy;

import io.autoencoded.ingest.IngestJob;
import io.autoencoded.ingest.IngestResult;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.train.TrainJob;
import io.autoencoded.job.train.TrainResult;
import io.autoencoded.reconstruct.ReconstructJob;
import io.autoencoded.reconstruct.ReconstructOptions;
import io.autoencoded.reconstruct.ReconstructResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.apache.spark.sql.SparkSession;

/** ingest → train → reconstruct for one film, in one Spark application. */
final class Pipeline {
  record Result(IngestResult ingest, TrainResult train, ReconstructResult video,
      Optional<ReconstructResult> sideBySide) {}

  private Pipeline() {}

  /**
   * @param maxHours      --max-hours: training estimated above it does not start (the ingested film stays stored)
   * @param sideBySideOut when present, a second video original | reconstruction is written there too
   */
  static Result run(SparkSession spark, Settings settings, String film, String filmId, boolean replace,
      OptionalInt epochs, OptionalDouble maxHours, Path out, Optional<Path> sideBySideOut, boolean sideBySide,
      boolean audio, PrintStream console) throws Exception {
    console.println("[1/3] ingest " + film);
    IngestResult ingested = IngestJob.run(spark, settings, film, filmId, replace);
    console.println(ingested.noOp()
        ? "      already in the store (" + ingested.frames() + " frames)"
        : "      " + ingested.frames() + " frames");
    console.println("[2/3] train on '" + ingested.filmId() + "'");
    TrainResult trained = TrainJob.run(spark, settings, List.of(ingested.filmId()), epochs, Optional.empty(),
        maxHours);
    console.println("      model: " + trained.checkpointUri());
    console.println("[3/3] reconstruct '" + ingested.filmId() + "'");
    Optional<String> model = Optional.of(trained.checkpointUri());
    ReconstructResult video = ReconstructJob.run(spark, settings, ingested.filmId(),
        ReconstructOptions.video(model, out).withSideBySide(sideBySide).withAudio(audio).withConsole(console));
    Optional<ReconstructResult> pair = Optional.empty();
    if (sideBySideOut.isPresent()) {
      pair = Optional.of(ReconstructJob.run(spark, settings, ingested.filmId(),
          ReconstructOptions.video(model, sideBySideOut.get()).withSideBySide(true).withAudio(audio)
              .withConsole(console)));
    }
    return new Result(ingested, trained, video, pair);
  }
}
