package io.autoencoded.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the project's scripts as a user would: real processes, output captured to files. */
public final class Launcher {
  public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  public record Result(int status, String out, String err) {
    public String lastErrLine() {
      String[] lines = err.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  private Launcher() {}

  public static Result run(Path logs, Map<String, String> env, long timeoutSeconds, List<String> command)
      throws IOException, InterruptedException {
    Files.createDirectories(logs);
    String name = Path.of(command.get(0)).getFileName() + "-" + System.nanoTime();
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(ROOT.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s; see " + err);
    }
    Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    System.out.println("$ " + String.join(" ", command) + "\n-> " + r.status() + "\n" + r.out() + r.err());
    return r;
  }

  public static List<String> autoencoded(String... args) {
    List<String> all = new ArrayList<>();
    all.add(ROOT.resolve("deploy/bin/autoencoded").toString());
    all.addAll(List.of(args));
    return all;
  }
}
