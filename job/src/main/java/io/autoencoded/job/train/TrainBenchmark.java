package io.autoencoded.job.train;

import io.autoencoded.job.config.Settings;
import io.autoencoded.job.config.SettingsLoader;
import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.tensor.FrameTensorCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.spark.sql.SparkSession;

/**
 * Training throughput on generated frames: the single-process model step (the ceiling), then the Spark
 * parameter-averaging job with each replica count, and the share of round time spent outside the replicas'
 * training steps (broadcast, task launch, result transfer, averaging).
 */
public final class TrainBenchmark {
  /** What to measure. {@code frames} per film; one epoch per replica count. */
  public record Plan(int height, int width, int filters, int latent, int batch, int averagingFrequency, int frames,
      List<Integer> workers, int localSteps) {}

  private TrainBenchmark() {}

  public static String run(SparkSession spark, String storeRoot, Plan plan, PrintStream log) throws IOException {
    Map<String, String> sets = new LinkedHashMap<>();
    sets.put("store.root", storeRoot);
    sets.put("frames.height", Integer.toString(plan.height()));
    sets.put("frames.width", Integer.toString(plan.width()));
    sets.put("model.filters", Integer.toString(plan.filters()));
    sets.put("model.latent", Integer.toString(plan.latent()));
    sets.put("train.batch-size", Integer.toString(plan.batch()));
    sets.put("train.averaging-frequency", Integer.toString(plan.averagingFrequency()));
    sets.put("train.samples", "0");
    StoreLayout layout = new StoreLayout(storeRoot);
    String film = "bench-" + plan.height() + "x" + plan.width() + "-" + plan.frames() + "-" + System.nanoTime();
    SyntheticFilm.write(spark, layout, film, plan.frames(), plan.height(), plan.width(), 0);

    Settings base = SettingsLoader.load(List.of(), sets);
    double local = localFramesPerSecond(ModelSpec.from(base), plan);
    log.printf(Locale.ROOT, "single-process model step: %.3f frames/s%n", local);
    StringBuilder json = new StringBuilder();
    json.append(String.format(Locale.ROOT, "{\"height\":%d,\"width\":%d,\"filters\":%d,\"latent\":%d,\"batch\":%d,"
            + "\"averaging_frequency\":%d,\"frames\":%d,\"local_frames_per_s\":%.4f,\"spark\":[", plan.height(),
        plan.width(), plan.filters(), plan.latent(), plan.batch(), plan.averagingFrequency(), plan.frames(), local));
    double best = 0;
    List<String> entries = new ArrayList<>();
    for (int workers : plan.workers()) {
      sets.put("train.workers", Integer.toString(workers));
      sets.put("train.seed", Long.toString(System.nanoTime()));
      Settings settings = SettingsLoader.load(List.of(), sets);
      TrainResult r = TrainJob.run(spark, settings, List.of(film), OptionalInt.of(1), Optional.empty(),
          VaeGanReplica.Factory.INSTANCE, log);
      log.printf(Locale.ROOT, "%d replica(s): %.3f frames/s (%.3f after the epoch's first round), overhead %.1f %%%n",
          workers, r.framesPerSecond(), r.steadyFramesPerSecond(), 100 * r.overheadShare());
      best = Math.max(best, Double.isFinite(r.steadyFramesPerSecond()) ? r.steadyFramesPerSecond() : r.framesPerSecond());
      entries.add(String.format(Locale.ROOT, "{\"workers\":%d,\"frames_per_s\":%.4f,\"steady_frames_per_s\":%s,"
              + "\"overhead_share\":%s}", workers, r.framesPerSecond(), num(r.steadyFramesPerSecond()),
          num(r.overheadShare())));
    }
    json.append(String.join(",", entries)).append("],\"frames_per_s\":").append(num(best)).append('}');
    return json.toString();
  }

  private static double localFramesPerSecond(ModelSpec spec, Plan plan) {
    TrainableModel model = VaeGanReplica.Factory.INSTANCE.create(spec);
    FrameTensorCodec codec = new FrameTensorCodec(spec.height(), spec.width(), spec.channels());
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < plan.batch(); i++) {
      frames.add(SyntheticFilm.frame(i, spec.height(), spec.width(), 0));
    }
    model.trainStep(codec.toBatch(frames)); // warm-up: first-call allocations and JIT
    long t0 = System.nanoTime();
    for (int s = 0; s < plan.localSteps(); s++) {
      model.trainStep(codec.toBatch(frames));
    }
    return (double) plan.localSteps() * plan.batch() / ((System.nanoTime() - t0) / 1e9);
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null";
  }
}
