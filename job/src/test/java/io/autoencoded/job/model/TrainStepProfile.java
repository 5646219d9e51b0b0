package io.autoencoded.job.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * A diagnostic, not a test: where a training step's time goes, op by op, from ND4J's own profiler (one warm-up
 * step, then STEPS profiled steps of the default model at the given size).
 *
 * <pre>java -cp … io.autoencoded.job.model.TrainStepProfile HEIGHT WIDTH FILTERS LATENT BATCH STEPS</pre>
 */
final class TrainStepProfile {
  private TrainStepProfile() {}

  public static void main(String[] args) {
    NativeVariant.select();
    ModelSpec spec = new ModelSpec(Integer.parseInt(args[0]), Integer.parseInt(args[1]), 3, Integer.parseInt(args[2]),
        Integer.parseInt(args[3]), 2.5, 1e-3, 42L).withUpsampling(ModelSpec.RESIZE_CONV)
        .withDiscriminatorBatches(ModelSpec.SEPARATE).withGanWeight(1e-4);
    int batch = Integer.parseInt(args[4]);
    VaeGan model = VaeGan.create(spec);
    INDArray frames = SyntheticFrames.batch(batch, spec.height(), spec.width(), 1);
    model.trainStep(frames);
    Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.ALL);
    Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().stackTrace(false).checkElapsedTime(true)
        .build());
    long t0 = System.nanoTime();
    for (int s = 0; s < Integer.parseInt(args[5]); s++) {
      model.trainStep(frames);
    }
    System.out.printf("profiled steps: %.2f s%n", (System.nanoTime() - t0) / 1e9);
    OpProfiler.getInstance().printOutDashboard();
  }
}
