package io.autoencoded.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * deploy/local-cluster for a test: a Spark standalone master and worker and HDFS on free 127.0.0.1 ports under
 * the test's directory, and the command lines that submit to it with the small test settings.
 */
public record LocalCluster(Map<String, String> env, Path logs, String master, String store) {
  /** Starts the cluster under {@code dir}; stop it with {@link #stop}. */
  public static LocalCluster start(Path dir) throws Exception {
    return start(dir, Map.of());
  }

  /** The same with more environment for deploy/local-cluster/start (WORKER_GPUS, say). */
  public static LocalCluster start(Path dir, Map<String, String> more) throws Exception {
    Map<String, String> env = new HashMap<>(more);
    env.put("LOCAL_CLUSTER_DIR", dir.resolve("cluster").toString());
    env.put("SPARK_MASTER_PORT", Integer.toString(freePort()));
    env.put("HDFS_PORT", Integer.toString(freePort()));
    env.put("WORKER_MEMORY", "4g");
    Path logs = dir.resolve("logs");
    Launcher.Result started = Launcher.run(logs, env, 900,
        List.of(Launcher.ROOT.resolve("deploy/local-cluster/start").toString()));
    LocalCluster cluster = new LocalCluster(env, logs, value(started.out(), "SPARK_MASTER"),
        value(started.out(), "STORE"));
    if (started.status() != 0) {
      cluster.stop();
    }
    assertEquals(0, started.status(), started.err());
    return cluster;
  }

  /** The worker's directory; the executors run in directories under it. */
  public Path work() {
    return Path.of(env.get("LOCAL_CLUSTER_DIR")).resolve("work");
  }

  /** {@code autoencoded ARGS} submitted to this cluster against {@code store}, with the small test settings. */
  public List<String> command(String store, String... args) {
    List<String> all = new ArrayList<>(Launcher.autoencoded(args));
    all.addAll(List.of("--master", master, "--store", store));
    all.addAll(CommandLines.SMALL);
    return all;
  }

  public Launcher.Result run(long timeoutSeconds, List<String> command) throws Exception {
    return Launcher.run(logs, env, timeoutSeconds, command);
  }

  public void stop() throws Exception {
    Launcher.run(logs, env, 120, List.of(Launcher.ROOT.resolve("deploy/local-cluster/stop").toString()));
  }

  private static String value(String out, String key) {
    return out.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
        .findFirst().orElse("");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
