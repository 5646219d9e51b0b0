package io.autoencoded.reconstruct.bench;

import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.model.Checkpoint;
import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.model.TrainingPosition;
import io.autoencoded.job.model.VaeGan;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.reconstruct.ReconstructJob;
import io.autoencoded.reconstruct.ReconstructOptions;
import io.autoencoded.reconstruct.ReconstructResult;
import io.autoencoded.reconstruct.model.BatchReconstructor;
import io.autoencoded.reconstruct.model.ReconstructionModel;
import io.autoencoded.reconstruct.model.VaeGanReconstructionModel;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bench reconstruct [--height H --width W --filters F --latent L --batch B --frames N]}: the whole
 * reconstruct job on a generated film in a scratch store (a fresh VAE-GAN of the given shape), against the
 * model's raw inference speed (encode + decode of the same batch in a loop on the driver, no Spark, no I/O, the
 * same ND4J workspace as the job).
 * Prints both and the time of the mux step; the last stdout line is JSON with {@code frames_per_s}.
 */
public final class ReconstructBenchCommand implements Command {
  @Override
  public String name() {
    return "reconstruct";
  }

  @Override
  public String summary() {
    return "whole reconstruct job vs raw model speed on generated frames";
  }

  @Override
  public Set<String> options() {
    return Set.of("height", "width", "filters", "latent", "batch", "frames", "steps");
  }

  @Override
  public int run(Invocation inv) throws Exception {
    Settings base = inv.settings();
    int height = inv.positiveInt("height", base.frames().height());
    int width = inv.positiveInt("width", base.frames().width());
    int filters = inv.positiveInt("filters", base.model().filters());
    int latent = inv.positiveInt("latent", base.model().latent());
    int batch = inv.positiveInt("batch", 16);
    int frames = inv.option("frames").isPresent() ? inv.positiveInt("frames", 240) : inv.positiveInt("steps", 15) * batch;
    if (height % 16 != 0 || width % 16 != 0) {
      throw new UserException("--height and --width must be multiples of 16, got " + height + "x" + width + ".");
    }
    Path scratch = Files.createTempDirectory("autoencoded-bench-reconstruct-");
    List<String> sets = new ArrayList<>(inv.all("set"));
    sets.add("store.root=" + scratch.resolve("store").toUri());
    sets.add("frames.height=" + height);
    sets.add("frames.width=" + width);
    sets.add("reconstruct.batch-size=" + batch);
    java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
    for (String kv : sets) {
      map.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    List<Path> confs = inv.all("conf").stream().map(Path::of).toList();
    Settings settings = io.autoencoded.job.config.SettingsLoader.load(confs, map);
    SparkSession spark = SparkSessions.open(inv, settings, "bench reconstruct");
    try {
      StoreLayout layout = new StoreLayout(settings.store().root());
      SyntheticFilm.write(spark, layout, "bench", frames, height, width, 25, 1);
      ModelSpec spec = new ModelSpec(height, width, 3, filters, latent, 2.5, 2e-4, 42L);
      // a real checkpoint of a fresh model: the tasks load it as they load a trained one
      FileSystem fs = layout.rootPath().getFileSystem(spark.sparkContext().hadoopConfiguration());
      org.apache.hadoop.fs.Path checkpointFile = new org.apache.hadoop.fs.Path(layout.model("bench"), "checkpoint.bin");
      try (OutputStream out = fs.create(checkpointFile)) {
        Checkpoint.write(VaeGan.create(spec), new TrainingPosition(0, 0, ""), out);
      }
      try (OutputStream out = fs.create(layout.latestModelPointer())) {
        out.write(layout.model("bench").toString().getBytes(StandardCharsets.UTF_8));
      }

      double raw = rawFramesPerSecond(readForInference(fs, checkpointFile), height, width, batch, frames);
      System.gc(); // the raw loop's model is garbage: free its native memory before the job loads its own
      System.out.println(String.format(Locale.ROOT, "raw model: %.2f frames/s (encode + decode, batch %d, %dx%d, "
          + "filters %d, latent %d)", raw, batch, width, height, filters, latent));
      ReconstructResult r = ReconstructJob.run(spark, settings, "bench",
          ReconstructOptions.video(Optional.empty(), scratch.resolve("bench.mp4")));
      double job = r.framesPerSecond();
      double end2end = r.frames() / (r.jobSeconds() + r.muxSeconds());
      System.out.println(String.format(Locale.ROOT, "reconstruct job: %.2f frames/s (%d frames, %d segments, "
          + "%.2f s), mux %.3f s, job/raw %.1f %%", job, r.frames(), r.segments(), r.jobSeconds(), r.muxSeconds(),
          100 * job / raw));
      System.out.println(String.format(Locale.ROOT, "task time (summed over tasks): load model + read frames %.2f s, model %.2f s, "
          + "quality + latents + video %.2f s", r.readSeconds(), r.modelSeconds(), r.writeSeconds()));
      System.out.println(String.format(Locale.ROOT, "{\"bench\":\"reconstruct\",\"frames\":%d,\"height\":%d,"
              + "\"width\":%d,\"filters\":%d,\"latent\":%d,\"batch\":%d,\"segments\":%d,\"frames_per_s\":%.3f,"
              + "\"raw_frames_per_s\":%.3f,\"job_vs_raw\":%.4f,\"job_s\":%.3f,\"mux_s\":%.3f,"
              + "\"end_to_end_frames_per_s\":%.3f,\"master\":\"%s\"}",
          r.frames(), height, width, filters, latent, batch, r.segments(), job, raw, job / raw, r.jobSeconds(),
          r.muxSeconds(), end2end, spark.sparkContext().master()));
      return 0;
    } finally {
      spark.stop();
      deleteTree(scratch);
    }
  }

  private static ReconstructionModel readForInference(FileSystem fs, org.apache.hadoop.fs.Path checkpoint)
      throws java.io.IOException {
    try (java.io.InputStream in = fs.open(checkpoint)) {
      return new VaeGanReconstructionModel(Checkpoint.readForInference(in));
    }
  }

  /** Encode + decode of the same frames, batch by batch, after one warm-up batch: the model's own speed. */
  static double rawFramesPerSecond(ReconstructionModel model, int height, int width, int batch, int frames) {
    List<byte[]> pixels = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      pixels.add(SyntheticFilm.frame(i, height, width));
    }
    BatchReconstructor reconstructor = new BatchReconstructor(model);
    reconstructor.run(pixels);
    int batches = Math.max(1, frames / batch);
    long t0 = System.nanoTime();
    for (int b = 0; b < batches; b++) {
      reconstructor.run(pixels);
    }
    double framesPerSecond = batches * batch / ((System.nanoTime() - t0) / 1e9);
    reconstructor.close();
    return framesPerSecond;
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
