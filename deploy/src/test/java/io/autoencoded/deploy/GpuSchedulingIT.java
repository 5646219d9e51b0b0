package io.autoencoded.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One training replica per GPU on a real standalone cluster: deploy/local-cluster/start with WORKER_GPUS offers the
 * GPUs deploy/gpu/discover-gpus finds, conf/gpu.conf gives each executor one and each task one, and each replica's
 * model is built for the GPU of its task. No GPU is needed: nvidia-smi is a stand-in listing two, and the model
 * runs on ND4J's CPU build (--set model.engine=nd4j), so what is checked is Spark's placement, which the torch
 * engine follows (TorchRuntime.device: the task's GPU address).
 */
class GpuSchedulingIT {
  @TempDir Path dir;

  @Test
  void twoReplicasTrainOnTheTwoGpusTheWorkerOffers() throws Exception {
    Path smi = dir.resolve("nvidia-smi");
    Files.writeString(smi, "#!/usr/bin/env bash\n[[ \"$*\" == *--query-gpu=index* ]] && printf '0\\n1\\n'\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    LocalCluster cluster = LocalCluster.start(dir, Map.of("WORKER_GPUS", "all", "NVIDIA_SMI", smi.toString()));
    try {
      assertTrue(Files.readString(dir.resolve("cluster/env")).contains("SPARK_GPUS=2"));
      String store = cluster.store();
      Launcher.Result ingest = cluster.run(600, cluster.command(store, "ingest", "--film",
          Launcher.ROOT.resolve("deploy/demo/cityCC0.mpg").toString(), "--film-id", "city"));
      assertEquals(0, ingest.status(), ingest.err());

      List<String> train = new ArrayList<>(cluster.command(store, "train", "--film-id", "city"));
      train.addAll(List.of("--conf", Launcher.ROOT.resolve("conf/gpu.conf").toString(), "--set", "model.engine=nd4j",
          "--set", "train.workers=2"));
      Launcher.Result trained = cluster.run(900, train);
      assertEquals(0, trained.status(), trained.err());

      Set<String> gpus = new TreeSet<>();
      int executors = 0;
      for (Path log : executorLogs(cluster.work())) {
        executors++;
        Matcher m = BUILT.matcher(Files.readString(log));
        while (m.find()) {
          gpus.add(m.group(1));
        }
      }
      assertEquals(2, executors, "one executor per GPU");
      assertEquals(Set.of("0", "1"), gpus, "each replica's model was built for its task's GPU");
    } finally {
      cluster.stop();
    }
  }

  private static final Pattern BUILT = Pattern.compile("replica model built for GPU (\\d+)");

  /** The executors' stderr of the latest application (training: ingest ran before). */
  private static List<Path> executorLogs(Path work) throws Exception {
    Path app;
    try (Stream<Path> apps = Files.list(work)) {
      app = apps.filter(d -> d.getFileName().toString().startsWith("app-")).max(Comparator.comparing(Path::toString))
          .orElseThrow();
    }
    try (Stream<Path> files = Files.walk(app)) {
      return files.filter(f -> f.getFileName().toString().equals("stderr")).toList();
    }
  }
}
